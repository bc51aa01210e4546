import { describe, expect, it } from 'vitest';

import { parseAmount, parseFlag, parseIsoDate, parseWhole } from './cells';
import { checkHeader, decodeUtf8, firstInvalidUtf8Byte, HeaderSpec, parseCsv, readCsvTable, toCsv } from './csv';

const utf8 = (s: string) => new TextEncoder().encode(s);
const spec: HeaderSpec = { required: ['a', 'b'], optional: ['c'] };

function records(text: string) {
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fileErrors));
    return parsed.records;
}

describe('decodeUtf8', () => {
    it('decodes UTF-8 and strips a byte order mark', () => {
        const result = decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\nÄpfel,ß\n')]));
        expect(result).toEqual({ ok: true, text: 'a,b\nÄpfel,ß\n' });
    });

    it('refuses Latin-1 with the first bad byte, its position and row', () => {
        // "a,b\nx,y\nCaf" (11 bytes) + é in Latin-1 (0xE9): the 12th byte, row 3
        const bytes = new Uint8Array([...utf8('a,b\nx,y\nCaf'), 0xe9, ...utf8(',1\n')]);
        const result = decodeUtf8(bytes);
        expect(result).toEqual({
            ok: false,
            fileErrors: [
                { row: 3, column: null, message: 'the file is not UTF-8 (first bad byte 0xE9 at byte 12, row 3): save it as CSV UTF-8' },
            ],
        });
    });

    it('counts rows of a bad byte across quoted line breaks as a spreadsheet does', () => {
        const bytes = new Uint8Array([...utf8('a,b\n"multi\nline",x\n'), 0xff]);
        const result = decodeUtf8(bytes);
        expect(!result.ok && result.fileErrors[0].message).toContain('row 3');
    });

    it('finds overlong, truncated and surrogate sequences', () => {
        expect(firstInvalidUtf8Byte(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1); // overlong
        expect(firstInvalidUtf8Byte(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2); // truncated €
        expect(firstInvalidUtf8Byte(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // UTF-16 surrogate
        expect(firstInvalidUtf8Byte(new Uint8Array([0xe2, 0x82, 0xac, 0x80]))).toBe(3); // € then a stray continuation byte
    });

    it('names UTF-16, workbooks, NUL bytes and empty files', () => {
        const message = (bytes: number[]) => {
            const r = decodeUtf8(new Uint8Array(bytes));
            return r.ok ? '' : r.fileErrors[0].message;
        };
        expect(message([0xff, 0xfe, 0x61, 0x00])).toMatch(/UTF-16.*save it as CSV UTF-8/);
        expect(message([0x50, 0x4b, 0x03, 0x04, 0x14])).toMatch(/workbook.*not a CSV file/);
        expect(message([0x61, 0x00, 0x62])).toMatch(/NUL/);
        expect(message([])).toMatch(/empty/);
    });
});

describe('parseCsv (RFC 4180)', () => {
    it('reads quoted cells with commas, doubled quotes and line breaks; CRLF and LF', () => {
        const text = 'name,description\r\n"Desk, oak","A ""great"" desk\r\nwith two lines"\r\nChair,plain\n';
        expect(records(text)).toEqual([
            { row: 1, cells: ['name', 'description'] },
            { row: 2, cells: ['Desk, oak', 'A "great" desk\r\nwith two lines'] },
            { row: 4, cells: ['Chair', 'plain'] },
        ]);
    });

    it('keeps empty cells, skips blank rows but counts them, reads a last row without a line break', () => {
        expect(records('a,b,c\n1,,3\n\n,,\n4,5,')).toEqual([
            { row: 1, cells: ['a', 'b', 'c'] },
            { row: 2, cells: ['1', '', '3'] },
            { row: 5, cells: ['4', '5', ''] },
        ]);
    });

    it('reads a lone CR as a line break and ignores spaces around quoted cells', () => {
        expect(records('a,b\r1, "x" \r')).toEqual([
            { row: 1, cells: ['a', 'b'] },
            { row: 2, cells: ['1', 'x'] },
        ]);
    });

    it('reports a quote inside an unquoted cell and text after a closing quote on their row and column', () => {
        const [, second, third] = records('a,b\n1,12" monitor\n"x"y,2\n');
        expect(second.problem).toEqual({ column: 1, message: expect.stringMatching(/double quote inside an unquoted cell/) });
        expect(third.problem).toEqual({ column: 0, message: expect.stringMatching(/text after the closing double quote/) });
        expect(third.cells).toEqual(['x', '2']);
    });

    it('refuses the whole file when a quote is never closed', () => {
        const result = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
        expect(result.ok).toBe(false);
        expect(!result.ok && result.fileErrors[0]).toEqual({
            row: 3,
            column: null,
            message: expect.stringMatching(/row 3, column 2: a quoted cell is never closed/),
        });
    });

    it('stops after the row cap', () => {
        const result = parseCsv('a\n1\n2\n\n3\n', 2);
        expect(result.ok && result.tooManyRows).toBe(true);
        const within = parseCsv('a\n1\n\n2\n', 2);
        expect(within.ok && within.tooManyRows).toBe(false);
    });

    it('round-trips through toCsv', () => {
        const rows = [
            ['x, "y"', 'line\nbreak'],
            ['', 'plain'],
        ];
        const parsed = records(toCsv(['a', 'b'], rows));
        expect(parsed.map(r => r.cells)).toEqual([['a', 'b'], ...rows]);
    });
});

describe('checkHeader', () => {
    it('matches names regardless of case and spaces, in any order', () => {
        expect(checkHeader([' B ', 'A'], spec)).toEqual({ ok: true, columns: ['b', 'a'] });
    });

    it('names every missing and unknown column with the expected header line', () => {
        const result = checkHeader(['a', 'x', 'y'], spec);
        expect(!result.ok && result.fileErrors).toEqual([
            { row: 1, column: 'x', message: 'unknown column "x"; expected header: a,b,c' },
            { row: 1, column: 'y', message: 'unknown column "y"; expected header: a,b,c' },
            { row: 1, column: 'b', message: 'missing column "b"; expected header: a,b,c' },
        ]);
    });

    it('refuses a column twice, a nameless column, and explains semicolon-separated files', () => {
        const twice = checkHeader(['a', 'b', 'A'], spec);
        expect(!twice.ok && twice.fileErrors[0].message).toBe('column "a" appears twice');
        const nameless = checkHeader(['a', '', 'b'], spec);
        expect(!nameless.ok && nameless.fileErrors[0].message).toMatch(/column 2 has no name/);
        const semicolons = checkHeader(['a;b;c'], spec);
        expect(!semicolons.ok && semicolons.fileErrors[0].message).toMatch(/separated by semicolons: save the file with commas/);
    });

    it('accepts further columns through the spec and required ones in another form', () => {
        const extra: HeaderSpec = {
            ...spec,
            accept: n => (n.startsWith('a:') ? n : undefined),
            presentAs: (c, cols) => cols.includes(`${c}:de`),
        };
        expect(checkHeader(['a:de', 'b'], extra)).toEqual({ ok: true, columns: ['a:de', 'b'] });
    });
});

describe('readCsvTable', () => {
    it('gives the data rows and reports rows with the wrong number of cells', () => {
        const result = readCsvTable(utf8('a,b\n1,2\n3\n4,5,6\n7,8\n'), spec);
        if (!result.ok) throw new Error('expected a table');
        expect(result.table.rows.map(r => r.row)).toEqual([2, 5]);
        expect(result.table.totalRows).toBe(4);
        expect(result.table.rowErrors).toEqual([
            { row: 3, column: null, message: expect.stringMatching(/the row has 1 cells, the header 2/) },
            { row: 4, column: null, message: expect.stringMatching(/the row has 3 cells, the header 2/) },
        ]);
    });

    it('refuses more rows than the cap, saying the limit and to split the file', () => {
        const result = readCsvTable(utf8('a,b\n' + '1,2\n'.repeat(4)), spec, 3);
        expect(!result.ok && result.fileErrors[0].message).toBe(
            'the file has more than 3 data rows (the limit of one import): split it into files of at most 3 rows',
        );
    });

    it('refuses the real cap of 50,000 rows', () => {
        const result = readCsvTable(utf8('a,b\n' + '1,2\n'.repeat(50_001)), spec);
        expect(!result.ok && result.fileErrors[0].message).toMatch(
            /more than 50,000 data rows.*split it into files of at most 50,000 rows/,
        );
        expect(readCsvTable(utf8('a,b\n' + '1,2\n'.repeat(50_000)), spec).ok).toBe(true);
    });

    it('refuses a file without a header row', () => {
        const result = readCsvTable(utf8('\n\n'), spec);
        expect(!result.ok && result.fileErrors[0].message).toMatch(/first row must be the header/);
    });
});

describe('cell values', () => {
    it('amounts: major units with up to two decimals → minor units, exactly', () => {
        expect(parseAmount('12.50')).toEqual({ value: 1250 });
        expect(parseAmount('0')).toEqual({ value: 0 });
        expect(parseAmount(' 19.9 ')).toEqual({ value: 1990 });
        expect(parseAmount('1.15')).toEqual({ value: 115 }); // 1.15 * 100 is 114.99999999999999 in floating point
        expect(parseAmount('-1.00').error).toMatch(/negative/);
        expect(parseAmount('12,50').error).toMatch(/dot as the decimal separator \(12\.50\)/);
        expect(parseAmount('1,234.50').error).toMatch(/without thousands separators/);
        expect(parseAmount('1.234').error).toMatch(/more than 2 decimals/);
        expect(parseAmount('abc').error).toMatch(/not an amount/);
        expect(parseAmount('').error).toBe('required');
        expect(parseAmount('21474836.48').error).toMatch(/too large/);
        expect(parseAmount('21474836.47')).toEqual({ value: 2147483647 });
    });

    it('whole numbers', () => {
        expect(parseWhole('3', 1)).toEqual({ value: 3 });
        expect(parseWhole('', 1, 1)).toEqual({ value: 1 });
        expect(parseWhole('', 1).error).toBe('required');
        expect(parseWhole('0', 1).error).toMatch(/less than 1/);
        expect(parseWhole('-2', 0).error).toMatch(/negative/);
        expect(parseWhole('1.5', 0).error).toMatch(/not a whole number/);
        expect(parseWhole('x', 0).error).toMatch(/not a whole number/);
    });

    it('dates: YYYY-MM-DD on the calendar', () => {
        expect(parseIsoDate('2025-02-28')).toEqual({ value: new Date('2025-02-28T00:00:00.000Z') });
        expect(parseIsoDate('')).toEqual({ value: null });
        expect(parseIsoDate('2025-02-30').error).toMatch(/not a day of the calendar/);
        expect(parseIsoDate('28.02.2025').error).toMatch(/YYYY-MM-DD/);
    });

    it('flags', () => {
        for (const t of ['true', 'YES', '1']) expect(parseFlag(t, false)).toEqual({ value: true });
        for (const f of ['false', 'No', '0']) expect(parseFlag(f, true)).toEqual({ value: false });
        expect(parseFlag('', true)).toEqual({ value: true });
        expect(parseFlag('maybe', false).error).toMatch(/true\/false, yes\/no, 1\/0/);
    });
});
