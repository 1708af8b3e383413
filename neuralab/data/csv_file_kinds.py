"""What a file given as a CSV is when it is no UTF-8 text, told by its first bytes (its "magic
number"), and the way to a CSV from it: a gzip file (1f 8b), a zip file (50 4b 03 04, "PK"): an
Excel workbook (.xlsx) or another archive, an Excel 97-2003 workbook (d0 cf 11 e0), UTF-16 text
(the byte order mark ff fe or fe ff, or a 0 byte every other byte), else text in a legacy
encoding (Latin-1, Windows-1252), whose first byte that UTF-8 does not read is named by its line.
``csv_rows.read_rows`` asks before it reads a line: a workbook's first bytes may well read as
UTF-8 ("PK\\x03\\x04" and 0 bytes), and then as a header without rows.
"""
import codecs
import itertools
import zipfile
from pathlib import Path

from .csv_error import CsvError

GZIP_MAGIC, ZIP_MAGIC, OLE2_MAGIC = b"\x1f\x8b", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SAVE_AS_CSV = "save it as CSV, UTF-8 (in Excel: File › Save As › 'CSV UTF-8 (Comma delimited)')"


def refuse_binary(path):
    """Refuses the file at ``path`` (a ``Path``) when its first bytes say it is not UTF-8 text
    (see the module), with the way to a CSV from it; a gzip file and a workbook are refused by
    their kind, not by the byte that UTF-8 does not read."""
    with open(path, "rb") as file:
        head = file.read(64)
    csv_name = _csv_name(path)
    if head.startswith(GZIP_MAGIC):
        raise CsvError(f"{path} is a gzip-compressed file (its first bytes are 1f 8b), not CSV text: decompress "
                       f"it first, gunzip -k {path.name} (in Python: Path({csv_name!r}).write_bytes("
                       f"gzip.open({path.name!r}).read())), and pass the CSV file it holds")
    if head.startswith(OLE2_MAGIC) or (head.startswith(ZIP_MAGIC) and _workbook(path)):
        raise CsvError(f"{path} is a spreadsheet workbook ({path.suffix or 'zip'}), not CSV text: {SAVE_AS_CSV}, "
                       f"or with pandas: pd.read_excel({path.name!r}).to_csv({csv_name!r}, index=False)")
    if head.startswith(ZIP_MAGIC):
        raise CsvError(f"{path} is a zip archive (its first bytes are 'PK'), not CSV text: extract the CSV file "
                       f"from it (unzip {path.name}) and pass that")
    if head.startswith(UTF16_BOMS) or _wide(head):
        mark = f"its first bytes, {head[:2].hex(' ')}, are UTF-16's byte order mark" if head.startswith(UTF16_BOMS) \
            else "every other byte is 0"
        raise CsvError(f"{path} is UTF-16 text ({mark}), and a CSV file is read as UTF-8: {SAVE_AS_CSV}, or "
                       f"re-encode it: iconv -f utf-16 -t utf-8 {path.name} > {Path(csv_name).stem}-utf8.csv")


def _csv_name(path):
    """The name of the CSV file to make of the file at ``path``: real.csv of real.csv.gz, of
    real.xlsx, and of real.csv itself."""
    return path.stem if path.stem.lower().endswith(".csv") else f"{path.stem}.csv"


def _workbook(path):
    """Whether the zip file at ``path`` is a spreadsheet's workbook: named so, or holding an
    Excel sheet (xl/) or an OpenDocument one (content.xml)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") or name == "content.xml" for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _wide(head):
    """Whether ``head``, a file's first bytes, is UTF-16 text without a byte order mark: ASCII
    characters, each with a 0 byte before (big-endian) or after (little-endian) it."""
    pairs = head[:len(head) // 2 * 2]
    return len(pairs) >= 4 and any(not any(pairs[k::2]) and all(pairs[1 - k::2]) for k in (0, 1))


def not_utf8(path):
    """The error of the file at ``path`` that holds a byte UTF-8 does not read (and is none of the
    files ``refuse_binary`` refuses): text in a legacy encoding, the line of that byte named, and
    the byte read as Latin-1 (as 'ö' for 0xf6) to say what it likely is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as file:
        # (an empty block last, final: a character cut by the end of the file is an error too)
        for block in itertools.chain(iter(lambda: file.read(1 << 20), b""), [b""]):
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as err:   # (err.object: the block, after the bytes of a character it cut)
                line += err.object.count(b"\n", 0, err.start)
                byte = err.object[err.start]
                break
            line += block.count(b"\n")
    csv_name = Path(_csv_name(path))
    return CsvError(f"{path} is not UTF-8 text: line {line} holds the byte {byte:#04x} (in Latin-1 "
                    f"{bytes([byte]).decode('latin-1')!r}), which UTF-8 does not read there; the file is likely in "
                    f"an older encoding (Latin-1, Windows-1252): {SAVE_AS_CSV}, or re-encode it: iconv -f latin1 "
                    f"-t utf-8 {path.name} > {csv_name.stem}-utf8.csv")
