import { describe, expect, it } from 'vitest';
import { asciiDigits, wholeNumber } from './numbers';

describe('numbers typed in any script', () => {
  it('writes every decimal digit as ASCII, and leaves the rest', () => {
    expect(asciiDigits('٤٥')).toBe('45'); // Arabic-Indic
    expect(asciiDigits('۴۵')).toBe('45'); // Persian
    expect(asciiDigits('४५')).toBe('45'); // Devanagari
    expect(asciiDigits('０９')).toBe('09'); // full width
    expect(asciiDigits('𝟎𝟗𝟘𝟡')).toBe('0909'); // mathematical sets, one after another
    expect(asciiDigits('forty ٤')).toBe('forty 4');
  });

  it('reads a whole number, says when the text is none, and when it is empty', () => {
    expect(wholeNumber(' ٩٠ ')).toBe(90);
    expect(wholeNumber('60')).toBe(60);
    expect(wholeNumber('forty')).toBeNull();
    expect(wholeNumber('4.5')).toBeNull();
    expect(wholeNumber('')).toBeUndefined();
  });
});
