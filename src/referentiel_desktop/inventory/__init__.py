"""The twenty-question territory inventory (seed 003's second support scenario).

A team answers the questions ``inventory.q1``…``inventory.q20`` for each territory it
accompanies, in dated assessments, so that a territory re-assessed a year later can be
compared with itself; it notes where the territory stands on the support path
(``support.s1``…``support.s6``) and links questions to the balises they bear on.

Everything here is plain Python over the store, for the command line, the window, the
booklet and the team exchange alike:

- :mod:`.scale`: the positions (``not-yet``, ``emerging``, ``established``, ``unknown``),
  their labels and colours, and how dates are written;
- :mod:`.answers`: assessments and answers (write and read);
- :mod:`.overview`: comparing two assessments, the per-territory overview;
- :mod:`.path`: the territory's steps on the support path;
- :mod:`.links`: question → balise links, and the questions linked to a balise;
- :mod:`.drawing`: the overview as a ReportLab drawing for the booklet (the one module
  that imports ReportLab, lazily).
"""
