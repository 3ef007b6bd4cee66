"""A small client for CouchDB's replication protocol, on the standard library's
``http.client`` (one kept-alive connection; no dependency for a dozen JSON requests).

Only what CouchDB documents for replicators is used (``_revs_diff``, ``_bulk_docs``
with ``new_edits: false``, ``_changes``, ``_bulk_get``, ``_local`` documents), so that
Apache CouchDB 3 and pouchdb-server behave alike. Sequences are opaque (integers on
pouchdb-server, strings on CouchDB). Credentials go with every request, up front
(pouchdb-server answers a 401 with no ``WWW-Authenticate``). Every failure is a
:class:`SyncError`: one line, with nothing merged by the caller.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

TIMEOUT_S = 30.0


class SyncError(UserError):
    """The sync stopped; nothing half-merged, the checkpoints where they were."""


@dataclass(frozen=True)
class Database:
    """A CouchDB database's address, without a password."""

    scheme: str
    host: str
    port: int
    path: str  # the database's path, quoted (``/equipe-lemene``)
    user: str

    @property
    def url(self) -> str:
        """The address shown to the user and kept (the user, never a password)."""
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        default = 443 if self.scheme == "https" else 80
        port = "" if self.port == default else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{user}{host}{port}{self.path}"

    @property
    def name(self) -> str:
        return unquote(self.path.rsplit("/", 1)[-1])


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_url(text: str, *, insecure: bool = False) -> Database:
    """The database ``text`` names; refused with one line when it cannot be used."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as error:
        raise UserError(_("{url} is not a server address.").format(url=text)) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = _("{url} is not a server address (write it https://server/database).")
        raise UserError(message.format(url=text))
    if parts.password:
        message = _(
            "Put no password in the address: it would be kept in plain text. Give the "
            "user only (https://user@server/database); the password is asked once and "
            "kept in the system's keyring."
        )
        raise UserError(message)
    path = parts.path.rstrip("/")
    if not path or path.count("/") != 1 or parts.query or parts.fragment:
        message = _("{url} does not name a database (write it https://server/database).")
        raise UserError(message.format(url=text))
    if parts.scheme == "http" and not _loopback(parts.hostname) and not insecure:
        message = _(
            "{url} is plain http: the team's notes and the password would cross the "
            "network unencrypted. Use https://, or allow plain http (--insecure) if this "
            "network is yours."
        )
        raise UserError(message.format(url=text))
    name = unquote(path[1:])
    return Database(
        parts.scheme,
        parts.hostname,
        port or (443 if parts.scheme == "https" else 80),
        "/" + quote(name, safe=""),
        unquote(parts.username or ""),
    )


def tls_context() -> ssl.SSLContext:
    """The system's certificates: truststore (the platform's own verifier) when
    installed, else Python's default context; verification is never turned off."""
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except ImportError:
        return ssl.create_default_context()


class CouchClient:
    def __init__(self, database: Database, password: str | None, timeout: float = TIMEOUT_S):
        self.database = database
        self.timeout = timeout
        self._headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if database.user:
            token = f"{database.user}:{password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self._connection: http.client.HTTPConnection | None = None
        self._reused = False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            db = self.database
            if db.scheme == "https":
                self._connection = http.client.HTTPSConnection(
                    db.host, db.port, timeout=self.timeout, context=tls_context()
                )
            else:
                self._connection = http.client.HTTPConnection(
                    db.host, db.port, timeout=self.timeout
                )
        return self._connection

    def _exchange(self, method: str, target: str, data: bytes | None) -> tuple[int, bytes]:
        fresh = self._connection is None
        connection = self._connect()
        self._reused = not fresh
        connection.request(method, target, body=data, headers=self._headers)
        response = connection.getresponse()
        return response.status, response.read()

    def request(
        self,
        method: str,
        path: str = "",
        body: Any = None,
        query: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200, 201, 202),
    ) -> tuple[int, Any]:
        """``method`` on the database's ``path``; the status and the decoded JSON."""
        target = self.database.path + path
        if query:
            target += "?" + urlencode(query)
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        try:
            try:
                status, raw = self._exchange(method, target, data)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                if not self._reused:
                    raise
                # A kept-alive connection the server closed while we were busy merging
                # (Node closes idle ones after 5 s): every request here may be sent twice
                # (revisions are given, checkpoints are put whole), so once more, anew.
                self.close()
                status, raw = self._exchange(method, target, data)
        except ssl.SSLError as error:  # a CertificateError is one
            self.close()
            raise self._failed(
                _("the secure connection failed ({reason}).").format(
                    reason=getattr(error, "verify_message", "") or error.reason or error
                )
            ) from error
        except ConnectionRefusedError as error:
            self.close()
            message = _("the server cannot be reached ({reason}).")
            raise self._failed(message.format(reason=error.strerror or error)) from error
        except (http.client.HTTPException, ConnectionError) as error:
            self.close()
            raise self._failed(_("the server closed the connection mid-way.")) from error
        except TimeoutError as error:
            self.close()
            raise self._failed(_("the server did not answer in time.")) from error
        except OSError as error:
            self.close()
            reason = error.strerror or str(error)
            raise self._failed(
                _("the server cannot be reached ({reason}).").format(reason=reason)
            ) from error
        try:
            decoded = json.loads(raw) if raw else None
        except ValueError as error:
            raise self._failed(_("the server's answer is not JSON.")) from error
        if status in ok:
            return status, decoded
        raise self._status_error(status, decoded)

    def _failed(self, reason: str) -> SyncError:
        message = _(
            "Sync with {url} stopped: {reason} Nothing was half-merged; the next sync resumes."
        )
        return SyncError(message.format(url=self.database.url, reason=reason))

    def _status_error(self, status: int, decoded: Any) -> SyncError:
        reason = decoded.get("reason", "") if isinstance(decoded, dict) else ""
        if status == 401:
            message = _("the server refused the user name or the password (401: {reason}).")
            return self._failed(message.format(reason=reason))
        if status == 403:
            message = _("this user has no right to this database (403: {reason}).")
            return self._failed(message.format(reason=reason))
        if status == 404:
            return self._failed(_("the database does not exist (404)."))
        return self._failed(
            _("the server refused ({status} {reason}).").format(status=status, reason=reason)
        )

    # -- the replication protocol ------------------------------------------------------
    def ensure_database(self) -> None:
        """The database, created if missing and the user may (412: made meanwhile)."""
        status, _body = self.request("GET", ok=(200, 404))
        if status == 404:
            self.request("PUT", ok=(201, 202, 412))

    def revs_diff(self, revs: dict[str, list[str]]) -> dict[str, list[str]]:
        """Of ``revs`` (id → revisions), those the server lacks."""
        _status, body = self.request("POST", "/_revs_diff", revs)
        if not isinstance(body, dict):
            raise self._failed(_("the server's answer is not what CouchDB sends."))
        return {doc_id: list(entry.get("missing", [])) for doc_id, entry in body.items()}

    def bulk_docs(self, docs: list[dict[str, Any]]) -> None:
        """Store ``docs`` with their own revisions (``new_edits: false``)."""
        _status, body = self.request("POST", "/_bulk_docs", {"docs": docs, "new_edits": False})
        errors = [r for r in body or [] if isinstance(r, dict) and r.get("error")]
        if errors:
            first = errors[0]
            if first.get("error") == "forbidden":
                message = _("this user has no right to write to this database (403: {reason}).")
                raise self._failed(message.format(reason=first.get("reason", "")))
            reason = f"{first.get('id', '')}: {first.get('error')} {first.get('reason', '')}"
            raise self._failed(_("the server refused a record ({reason}).").format(reason=reason))

    def changes(self, since: Any, limit: int) -> tuple[list[dict[str, Any]], Any]:
        """One page of the changes feed after ``since``: its rows and its last sequence."""
        query = {
            "style": "all_docs",
            "since": since if isinstance(since, str) else json.dumps(since),
            "limit": limit,
        }
        _status, body = self.request("GET", "/_changes", query=query)
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise self._failed(_("the server's answer is not what CouchDB sends."))
        return body["results"], body.get("last_seq", since)

    def bulk_get(self, wanted: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """The documents at those (id, revision), with their ``_revisions``."""
        docs = [{"id": doc_id, "rev": rev} for doc_id, rev in wanted]
        _status, body = self.request("POST", "/_bulk_get", {"docs": docs}, query={"revs": "true"})
        found: list[dict[str, Any]] = []
        for result in body.get("results", []) if isinstance(body, dict) else []:
            for entry in result.get("docs", []):
                if "ok" not in entry:
                    error = entry.get("error", {})
                    reason = (
                        f"{error.get('id', '')} {error.get('rev', '')}: {error.get('error', '')}"
                    )
                    raise self._failed(
                        _("a record could not be read ({reason}).").format(reason=reason)
                    )
                found.append(entry["ok"])
        if len(found) != len(wanted):
            raise self._failed(_("the server's answer is not what CouchDB sends."))
        return found

    def current_revisions(self, ids: list[str]) -> dict[str, str]:
        """The winning revision of those of ``ids`` the server holds, not deleted."""
        _status, body = self.request("POST", "/_all_docs", {"keys": ids})
        rows = body.get("rows", []) if isinstance(body, dict) else []
        return {
            row["id"]: row["value"]["rev"]
            for row in rows
            if isinstance(row, dict)
            and isinstance(row.get("value"), dict)
            and not row["value"].get("deleted")
        }

    def get_local(self, name: str) -> dict[str, Any] | None:
        status, body = self.request("GET", "/_local/" + quote(name, safe=""), ok=(200, 404))
        return body if status == 200 and isinstance(body, dict) else None

    def put_local(
        self, name: str, value: dict[str, Any], previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        doc = {**value, "_id": "_local/" + name}
        if previous and "_rev" in previous:
            doc["_rev"] = previous["_rev"]
        _status, body = self.request("PUT", "/_local/" + quote(name, safe=""), doc)
        return {
            **doc,
            "_rev": body.get("rev", doc.get("_rev")) if isinstance(body, dict) else doc.get("_rev"),
        }
