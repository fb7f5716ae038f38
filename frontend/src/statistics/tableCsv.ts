/**
 * A statistics table as its reader sees it, in CSV: the headings and the words of the
 * interface language, the figures as the page writes them. The API's CSV and SDMX-CSV stay
 * the machine exports (codes, English labels, statuses); this one is for a person who opens
 * the figures in a spreadsheet in their own language (trial of session 17).
 */

/** The text of every cell of a table, the heading row first. Text only screen readers
 * hear (visually hidden) is left out, so the file holds what the page shows. */
export function tableCells(table: HTMLTableElement): string[][] {
  return Array.from(table.rows).map((row) =>
    Array.from(row.cells).map((cell) => {
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    }),
  );
}

/** A leading = + - @ (or a tab or carriage return) makes a spreadsheet read a cell as a
 * formula; a facility or programme name is typed by an administrator, so such a cell is
 * quoted with an apostrophe first. */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** CSV text with every field quoted. The separator is ";" where the language writes a
 * decimal comma (French, Arabic as the page writes numbers), as spreadsheets there expect. */
export function toCsv(rows: string[][], decimalComma: boolean): string {
  const sep = decimalComma ? ';' : ',';
  return rows.map((r) => r.map((c) => `"${inert(c).replace(/"/g, '""')}"`).join(sep)).join('\r\n') + '\r\n';
}

/** Whether numbers in this language are written with a decimal comma. */
export function usesDecimalComma(language: string): boolean {
  return new Intl.NumberFormat(language).format(1.5).includes(',') || new Intl.NumberFormat(language).format(1.5).includes('٫');
}

/** Saves the table as a CSV file named `name` (UTF-8 with a byte-order mark, which
 * spreadsheets need to read accents and Arabic). */
export function downloadTable(table: HTMLTableElement, name: string, language: string): void {
  const blob = new Blob(['\uFEFF' + toCsv(tableCells(table), usesDecimalComma(language))], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
