"""The kinds of item a referential holds, on their own: the command line offers them as
``list --kind`` choices without loading the loader that validates files."""

NODE_KINDS = (
    "preface",
    "chapter",
    "section",
    "theme",
    "balise",
    "method",
    "device",
    "part",
    "scenario",
    "question",
)
