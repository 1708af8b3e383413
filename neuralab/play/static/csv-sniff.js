// A CSV's text read as the server's load_csv reads it, for the upload's form to show before the
// file is sent: its column names, its separator and its decimal mark; and a file that is no CSV
// text at all, told by its first bytes (notText).

// The Separator menu's choices: load_csv's delimiter in a learner's words (upload.py's
// SEPARATOR_WORDS: "choose 'semicolon (;)' as the separator"), in the order sniffSeparator prefers them
export const SEPARATORS = [[',', 'comma (,)'], [';', 'semicolon (;)'], ['\t', 'tab'], ['|', 'vertical bar (|)']];
const SNIFF_RECORDS = 20;   // the header and the first data rows: what the sniffing reads

// Excel's declaration of the delimiter, alone on the first line: sep=; or "sep=;" (csv.py's SEP_LINE)
const SEP_LINE = /^(?:sep=([^"\r\n])|"sep=([^"\r\n])")$/;

/** [the delimiter the first line of `text` declares ("sep=;"), or null, and the text load_csv reads
 *  as CSV: after that line, without a byte order mark (it reads the file as utf-8-sig)]. */
function declaration(text) {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const end = /\r\n|\r|\n/.exec(text);                   // where Python's readline ends the line
  const match = SEP_LINE.exec(end ? text.slice(0, end.index) : text);
  if (!match) return [null, text];
  return [match[1] ?? match[2], end ? text.slice(end.index + end[0].length) : ''];
}

/** The first `limit` records of `text` as load_csv reads them (Python's csv module with
 *  `delimiter` and skipinitialspace): a quoted cell may hold the delimiter, line breaks and
 *  doubled quotes; each cell stripped; blank lines, and rows of only delimiters, skipped. */
function csvRecords(text, delimiter, limit) {
  const records = [];
  let row = [], cell = '', quoted = false, fresh = true;   // fresh: at the start of a cell
  for (let i = 0; i <= text.length && records.length < limit; i++) {
    const c = text[i];                                     // undefined: the end of the text
    if (quoted && c !== undefined) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') { cell += '"'; i++; }
      else quoted = false;
    } else if (c === '"' && fresh) { quoted = true; fresh = false; }
    else if (c === ' ' && fresh) { /* skipped, as skipinitialspace does */ }
    else if (c === delimiter) { row.push(cell); cell = ''; fresh = true; }
    else if (c === '\n' || c === '\r' || c === undefined) {
      row.push(cell);
      const cells = row.map((name) => name.trim());
      if (cells.some(Boolean)) records.push(cells);
      row = []; cell = ''; fresh = true;
    } else { cell += c; fresh = false; }
  }
  return records;
}

/** The column names of a CSV as the server's reader sees them (load_csv with `delimiter`, by
 *  default its own: the one a first line "sep=;" declares, else ','): the first record, an empty
 *  name called column_<j>. A nameless column after the header's last name that none of the first
 *  rows fills in is left out, as load_csv drops it when no row does: the header "a;b;y;" over
 *  rows "1,5;2;3" (or "1,5;2;3;") is three columns, and y the target, not a "column_4". */
export function csvHeader(text, delimiter = null) {
  const [declared, body] = declaration(text);
  const [names = [], ...rows] = csvRecords(body, delimiter ?? declared ?? ',', SNIFF_RECORDS);
  const last = names.findLastIndex(Boolean);
  return names.map((name, j) => name || `column_${j + 1}`)
    .filter((_, j) => j <= last || rows.some((cells) => cells[j]));
}

/** The separator of a CSV: the one its first line declares ("sep=;"), else the menu's first
 *  (in its order) of those that split the header into the most columns, more than one, with as
 *  many in each of the next lines; else ',', load_csv's default. A file of decimal commas,
 *  "a;b" then "1,5;2", has one column with ',' (and 2 then 3 cells): ';' splits it alike. A
 *  delimiter that ends a line adds no column (as in load_csv: "1;2;" is two cells). */
export function sniffSeparator(text) {
  const [declared, body] = declaration(text);
  if (declared !== null) return declared;
  const width = (cells) => cells.length - (cells.length > 1 && cells.at(-1) === '' ? 1 : 0);
  let best = ',', most = 1;
  for (const [candidate] of SEPARATORS) {
    const [header = [], ...rows] = csvRecords(body, candidate, SNIFF_RECORDS);
    const n = width(header);
    if (n > most && rows.every((cells) => width(cells) === n)) [best, most] = [candidate, n];
  }
  return best;
}

/** The decimal mark of a CSV whose cells `delimiter` separates: ',' when that is not a comma and
 *  the first data rows have numbers written 1,5 and none written 1.5, else '.'. */
export function sniffDecimal(text, delimiter) {
  if (delimiter === ',') return '.';
  const cells = csvRecords(declaration(text)[1], delimiter, SNIFF_RECORDS).slice(1).flat();
  const written = (number) => cells.some((cell) => number.test(cell));
  return written(/^[+-]?\d*,\d+$/) && !written(/^[+-]?\d*\.\d+$/) ? ',' : '.';
}

export const SAVE_AS = 'Save it again as "CSV UTF-8" (in Excel: Save As, then CSV UTF-8), and choose it anew.';

/** The refusal of a file that is no CSV text, told by `head`, its first bytes, as load_csv tells
 *  them (csv_file_kinds.py): a workbook or a zip archive ("PK", Excel 97's d0 cf 11 e0), UTF-16
 *  text (its byte order mark, or a 0 byte every other byte), any other file with a 0 byte (an
 *  image, a PDF: no text holds one); null for text. */
export function notText(name, head) {
  const starts = (...magic) => magic.every((byte, i) => head[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return { message: `${name} is a spreadsheet workbook or a zip archive, not CSV text.`, suggestion: SAVE_AS };
  }
  const pairs = head.subarray(0, head.length - head.length % 2);
  const wide = pairs.length >= 4 && [0, 1].some((k) => pairs.every((byte, i) => (i % 2 === k) === (byte === 0)));
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff) || wide) {
    return { message: `${name} is UTF-16 text (as Excel saves "Unicode Text"), not UTF-8.`, suggestion: SAVE_AS };
  }
  if (!head.includes(0)) return null;
  return { message: `${name} is not text: an image, a PDF or another kind of file, named .csv.`,
    suggestion: 'Choose a CSV file: text, a header row of column names, then a row of cells for each example.' };
}
