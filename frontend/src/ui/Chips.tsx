/** Short codes (memorandum practices, categories) as a list of chips, each with its words
 * beside it where word() gives them (a code alone means nothing to most readers). */
export function Chips({ items, label, word }: { items: string[]; label: string; word?(code: string): string | undefined }) {
  if (!items.length) return null;
  return (
    <ul className="chips" aria-label={label}>
      {items.map((c) => {
        const w = word?.(c);
        return (
          <li key={c} className="chip">
            <bdi className="chip__code">{c}</bdi>
            {w && w !== c && <span className="chip__word"> {w}</span>}
          </li>
        );
      })}
    </ul>
  );
}
