"""Writers: TMX 1.4, TEI P5, XCES and the HTML review page, behind one interface."""

from corpus.write.base import OutputFile, Writer, get_writer, write_formats, writer_names

__all__ = ["OutputFile", "Writer", "get_writer", "write_formats", "writer_names"]
