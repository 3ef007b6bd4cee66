"""The ORM's schema and mappings are exactly those frozen in ``data/orm_schema.txt``:
the DDL SQLAlchemy emits for every table and index (columns, types, keys, constraints),
each column's Python-side default, and each mapper's attributes, relationships (target,
join, secondary, order, loading) and validators.

Both the tables and the mapped classes can be written more than one way (declarative
classes, or Core tables mapped imperatively, which is cheaper to import): whichever way,
this text must not move. A deliberate schema change regenerates the file with
``python -m tests.core.test_schema_frozen`` and shows its diff in review.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Column, inspect
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapper, RelationshipProperty, configure_mappers
from sqlalchemy.schema import CreateIndex, CreateTable

from referentiel_desktop.store.models import REGISTRIES, Base

FROZEN = Path(__file__).parent / "data" / "orm_schema.txt"


def _default(column: Column[object]) -> str:
    default = column.default
    if default is None:
        return "-"
    arg = getattr(default, "arg", None)
    if callable(arg):
        return str(arg.__qualname__)  # the module may move: the function is the same
    return repr(arg)


def _relationship(prop: RelationshipProperty[object]) -> str:
    order = [str(c) for c in prop.order_by] if prop.order_by else []
    parts = [
        f"-> {prop.mapper.class_.__name__}",
        f"direction={prop.direction.name}",
        f"uselist={prop.uselist}",
        f"lazy={prop.lazy}",
        f"join={prop.primaryjoin}",
        f"secondary={getattr(prop.secondary, 'name', None)}",
        f"secondaryjoin={prop.secondaryjoin}",
        f"order_by={order}",
        f"back_populates={prop.back_populates}",
        f"cascade={sorted(prop.cascade)}",
        f"viewonly={prop.viewonly}",
    ]
    return " ".join(parts)


def _mappers() -> list[Mapper[object]]:
    return [mapper for found in REGISTRIES.values() for mapper in found.mappers]


def describe_schema() -> str:
    """The text frozen in ``data/orm_schema.txt``."""
    configure_mappers()
    dialect = sqlite.dialect()
    lines: list[str] = []
    for table in Base.metadata.sorted_tables:
        lines.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            lines.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
        for column in table.columns:
            flags = f"type={column.type!r} autoincrement={column.autoincrement}"
            flags += f" index={column.index}"
            flags += f" unique={column.unique} onupdate={column.onupdate}"
            lines.append(f"  {table.name}.{column.name} default={_default(column)} {flags}")
        lines.append("")
    for mapper in sorted(_mappers(), key=lambda m: m.class_.__name__):
        cls = mapper.class_
        lines.append(f"mapper {cls.__module__}.{cls.__name__} on {mapper.local_table}")
        lines.append(f"  primary key: {[str(c) for c in mapper.primary_key]}")
        lines.append(f"  attributes in order: {list(mapper.attrs.keys())}")
        lines.append(f"  columns in order: {[str(c) for c in mapper.columns]}")
        for prop in sorted(mapper.column_attrs, key=lambda p: p.key):
            lines.append(f"  {prop.key} = {[str(c) for c in prop.columns]}")
        for rel in sorted(mapper.relationships, key=lambda p: p.key):
            lines.append(f"  {rel.key} {_relationship(rel)}")
        for key, validator in sorted(mapper.validators.items()):
            lines.append(f"  validates {key}: {validator[0].__name__}")
        lines.append(f"  eager defaults={mapper.eager_defaults} batch={mapper.batch}")
        lines.append("")
    return "\n".join(lines)


def test_the_orm_schema_and_mappings_are_the_frozen_ones() -> None:
    assert describe_schema() == FROZEN.read_text(encoding="utf-8")


def test_every_mapped_class_is_inspectable_by_its_table() -> None:
    tables = {m.local_table.name for m in _mappers()}
    assert tables == set(Base.metadata.tables)
    for mapper in _mappers():
        assert inspect(mapper.class_) is mapper


if __name__ == "__main__":
    FROZEN.write_text(describe_schema(), encoding="utf-8")
    sys.exit(0)
