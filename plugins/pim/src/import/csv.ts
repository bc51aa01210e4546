/**
 * Reading an uploaded CSV file: encoding, RFC 4180 syntax, header and the row cap. Pure functions,
 * no Nest: every rule here is unit-tested on its own (csv.spec.ts).
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2
 * (a cell with a line break inside quotes stays in its row, as in a spreadsheet).
 */

/** One problem in an uploaded file. `row`/`column` are null where the problem is not in one row or column. */
export interface CsvImportError {
    row: number | null;
    column: string | null;
    message: string;
}

/** Largest number of data rows (header not counted) one file may have. */
export const MAX_DATA_ROWS = 50_000;

/** A data row of the file: its spreadsheet row number and its cells, in header order. */
export interface CsvRow {
    row: number;
    cells: string[];
}

/** A file whose encoding, syntax and header are fine: the header (canonical names) and its data rows. */
export interface CsvTable {
    columns: string[];
    rows: CsvRow[];
    /** Problems with single rows (stray quotes, a wrong number of cells): those rows are not in `rows`. */
    rowErrors: CsvImportError[];
    /** Data rows of the file, those with errors included; blank rows are not counted. */
    totalRows: number;
}

/** The file cannot be read at all: nothing in it is checked further. */
export interface CsvFileProblem {
    fileErrors: CsvImportError[];
}

export type ReadResult<T> = ({ ok: true } & T) | ({ ok: false } & CsvFileProblem);

const fileError = (message: string, row: number | null = null, column: string | null = null): { ok: false } & CsvFileProblem => ({
    ok: false,
    fileErrors: [{ row, column, message }],
});

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Decodes the uploaded bytes as UTF-8 and drops a byte order mark. Anything that is not UTF-8 is
 * refused with the position of the first bad byte, instead of being imported as garbled text.
 */
export function decodeUtf8(bytes: Uint8Array): ReadResult<{ text: string }> {
    if (bytes.length === 0) return fileError('the file is empty: export the sheet again with its header row');
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        return fileError('the file is UTF-16 ("Unicode text"), not UTF-8: save it as CSV UTF-8 (comma delimited)');
    }
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
        return fileError('this is a spreadsheet workbook (.xlsx/.ods), not a CSV file: save it as CSV UTF-8 (comma delimited)');
    }
    let text: string;
    try {
        // ignoreBOM: false — the decoder removes a leading UTF-8 byte order mark (Excel writes one).
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
        const offset = firstInvalidUtf8Byte(bytes);
        const hex = `0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}`;
        return fileError(
            `the file is not UTF-8 (first bad byte ${hex} at byte ${offset + 1}, row ${rowAtByte(bytes, offset)}): save it as CSV UTF-8`,
            rowAtByte(bytes, offset),
        );
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
        return fileError(
            `the file contains a NUL character (row ${rowAtChar(text, nul)}): it is not a text CSV file; save it as CSV UTF-8`,
        );
    }
    return { ok: true, text };
}

/** Offset of the first byte that breaks UTF-8 (0-based); only called on bytes that are not valid UTF-8. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        let need: number;
        let min: number;
        if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
        else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
        else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
        else return i;
        let cp = b & (0x3f >> need);
        for (let k = 1; k <= need; k++) {
            const c = bytes[i + k];
            if (c === undefined || (c & 0xc0) !== 0x80) return i;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += need + 1;
    }
    return bytes.length - 1;
}

/** The spreadsheet row a byte belongs to: line breaks outside quoted cells before it, plus one. */
function rowAtByte(bytes: Uint8Array, offset: number): number {
    let row = 1;
    let quoted = false;
    for (let i = 0; i < offset; i++) {
        const b = bytes[i];
        if (b === QUOTE) quoted = !quoted;
        else if (!quoted && (b === LF || (b === CR && bytes[i + 1] !== LF))) row++;
    }
    return row;
}

function rowAtChar(text: string, index: number): number {
    const prefix = new TextEncoder().encode(text.slice(0, index));
    return rowAtByte(prefix, prefix.length);
}

/** Records of a CSV text: cells as written (quotes removed), with the spreadsheet row of each. */
export interface ParsedCsv {
    records: Array<{ row: number; cells: string[]; problem?: { column: number; message: string } }>;
    /** More than `maxDataRows` non-blank records after the header: parsing stopped. */
    tooManyRows: boolean;
}

/**
 * RFC 4180: cells separated by commas, records by CRLF or LF (a lone CR too); a quoted cell may hold
 * commas, line breaks and doubled quotes (""). Spaces around a quoted cell are ignored. A quote inside
 * an unquoted cell, or text after a closing quote, is a problem of that record; a quote that is never
 * closed swallows the rest of the file and is a problem of the whole file.
 */
export function parseCsv(text: string, maxDataRows = MAX_DATA_ROWS): ReadResult<ParsedCsv> {
    const records: ParsedCsv['records'] = [];
    const n = text.length;
    let i = 0;
    let row = 1;
    let dataRows = 0;
    while (i < n) {
        const startRow = row;
        const cells: string[] = [];
        let problem: { column: number; message: string } | undefined;
        let endOfRecord = false;
        while (!endOfRecord) {
            // One cell. Leading spaces before an opening quote are ignored.
            let j = i;
            while (j < n && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
            if (j < n && text.charCodeAt(j) === QUOTE) {
                let value = '';
                let k = j + 1;
                for (;;) {
                    const close = text.indexOf('"', k);
                    if (close < 0) {
                        return fileError(
                            `row ${startRow}, column ${cells.length + 1}: a quoted cell is never closed (a double quote is missing), so the rest of the file cannot be read`,
                            startRow,
                        );
                    }
                    value += text.slice(k, close);
                    row += countLineBreaks(text, k, close);
                    if (text.charCodeAt(close + 1) === QUOTE) {
                        value += '"';
                        k = close + 2;
                        continue;
                    }
                    k = close + 1;
                    break;
                }
                while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
                const next = k < n ? text.charCodeAt(k) : -1;
                if (next !== COMMA && next !== LF && next !== CR && next !== -1) {
                    problem ??= {
                        column: cells.length,
                        message:
                            'text after the closing double quote: a quoted cell must end at the comma; double any quote inside it ("")',
                    };
                    // Skip to the end of the cell to continue with the next one.
                    while (k < n && ![COMMA, LF, CR].includes(text.charCodeAt(k))) k++;
                }
                cells.push(value);
                i = k;
            } else {
                let k = i;
                while (k < n) {
                    const c = text.charCodeAt(k);
                    if (c === COMMA || c === LF || c === CR) break;
                    if (c === QUOTE) {
                        problem ??= {
                            column: cells.length,
                            message:
                                'a double quote inside an unquoted cell: put the whole cell in double quotes and double the quote inside ("")',
                        };
                    }
                    k++;
                }
                cells.push(text.slice(i, k));
                i = k;
            }
            const c = i < n ? text.charCodeAt(i) : -1;
            if (c === COMMA) {
                i++;
            } else {
                if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
                else if (c === LF) i++;
                endOfRecord = true;
            }
        }
        const blank = cells.every(cell => cell.trim() === '');
        if (!blank || startRow === 1) {
            if (startRow > 1 && ++dataRows > maxDataRows) return { ok: true, records, tooManyRows: true };
            records.push({ row: startRow, cells, ...(problem ? { problem } : {}) });
        }
        row++;
    }
    return { ok: true, records, tooManyRows: false };
}

function countLineBreaks(text: string, from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
    }
    return count;
}

/** What the header of one kind of file must, may and may not hold. */
export interface HeaderSpec {
    /** Column names in the order the expected header line shows them. */
    required: readonly string[];
    optional: readonly string[];
    /**
     * Further columns this kind accepts (translations, custom fields): the canonical name of a
     * header cell, or undefined when it is unknown. Names are matched without regard to case.
     */
    accept?: (name: string) => string | undefined;
    /** Whether a required column may instead be present in translated form (`name:de`). */
    presentAs?: (required: string, columns: readonly string[]) => boolean;
}

/**
 * Checks the header row: every required column is there, none is unknown or twice. Names are matched
 * without regard to case and surrounding spaces; the table carries the canonical names.
 */
export function checkHeader(cells: readonly string[], spec: HeaderSpec): ReadResult<{ columns: string[] }> {
    const known = new Map([...spec.required, ...spec.optional].map(c => [c.toLowerCase(), c]));
    const expected = [...spec.required, ...spec.optional].join(',');
    const errors: CsvImportError[] = [];
    const columns: string[] = [];
    const unknown: string[] = [];
    if (cells.length === 1 && cells[0].includes(';')) {
        return fileError(
            `the columns are separated by semicolons: save the file with commas as separators (CSV UTF-8, comma delimited); expected header: ${expected}`,
            1,
        );
    }
    cells.forEach((cell, index) => {
        const name = cell.trim();
        if (!name) {
            errors.push({ row: 1, column: null, message: `column ${index + 1} has no name; expected header: ${expected}` });
            columns.push('');
            return;
        }
        const canonical = known.get(name.toLowerCase()) ?? spec.accept?.(name);
        if (!canonical) {
            unknown.push(name);
            columns.push(name);
            return;
        }
        if (columns.includes(canonical)) {
            errors.push({ row: 1, column: canonical, message: `column "${canonical}" appears twice` });
        }
        columns.push(canonical);
    });
    for (const name of unknown) {
        errors.push({ row: 1, column: name, message: `unknown column "${name}"; expected header: ${expected}` });
    }
    const missing = spec.required.filter(c => !columns.includes(c) && !spec.presentAs?.(c, columns));
    if (missing.length) {
        errors.push({
            row: 1,
            column: missing[0],
            message: `missing column${missing.length > 1 ? 's' : ''} ${missing.map(m => `"${m}"`).join(', ')}; expected header: ${expected}`,
        });
    }
    return errors.length ? { ok: false, fileErrors: errors } : { ok: true, columns };
}

/**
 * Bytes → table: encoding, syntax, row cap and header, in that order; the first failing step refuses
 * the file. Rows with a syntax problem or the wrong number of cells are reported and left out.
 */
export function readCsvTable(bytes: Uint8Array, spec: HeaderSpec, maxDataRows = MAX_DATA_ROWS): ReadResult<{ table: CsvTable }> {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    const parsed = parseCsv(decoded.text, maxDataRows);
    if (!parsed.ok) return parsed;
    if (parsed.tooManyRows) {
        return fileError(
            `the file has more than ${maxDataRows.toLocaleString('en-US')} data rows (the limit of one import): split it into files of at most ${maxDataRows.toLocaleString('en-US')} rows`,
        );
    }
    const [header, ...records] = parsed.records;
    if (!header || header.cells.every(c => c.trim() === '')) {
        return fileError(`the first row must be the header; expected: ${[...spec.required, ...spec.optional].join(',')}`, 1);
    }
    if (header.problem) return fileError(`header: ${header.problem.message}`, 1);
    const checked = checkHeader(header.cells, spec);
    if (!checked.ok) return checked;
    const { columns } = checked;
    const rows: CsvRow[] = [];
    const rowErrors: CsvImportError[] = [];
    for (const record of records) {
        if (record.problem) {
            rowErrors.push({ row: record.row, column: columns[record.problem.column] ?? null, message: record.problem.message });
        } else if (record.cells.length !== columns.length) {
            rowErrors.push({
                row: record.row,
                column: null,
                message: `the row has ${record.cells.length} cells, the header ${columns.length}: a comma too many or too few (quote cells that contain commas)`,
            });
        } else {
            rows.push({ row: record.row, cells: record.cells });
        }
    }
    return { ok: true, table: { columns, rows, rowErrors, totalRows: records.length } };
}

/** A CSV text of the given rows, every cell quoted: what we hand on to Vendure's own parser. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const line = (cells: readonly string[]) => cells.map(c => `"${c.replace(/"/g, '""')}"`).join(',');
    return [line(columns), ...rows.map(line)].join('\n') + '\n';
}

/** Reads cells of a table row by column name. */
export function cellReader(columns: readonly string[]) {
    const index = new Map(columns.map((c, i) => [c, i]));
    return (row: CsvRow, column: string): string => {
        const i = index.get(column);
        return i === undefined ? '' : (row.cells[i] ?? '').trim();
    };
}
