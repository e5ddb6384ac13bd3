import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/core/knowledge/html-text.ts';
import { baseLanguage, foldCase, terms } from '../../../src/core/knowledge/normalize.ts';

describe('normalisation', () => {
  it('folds case and accents and drops punctuation', () => {
    expect(foldCase('Ça COÛTE Straße')).toBe('ca coute strasse');
    expect(terms('REFUNDS!!! refunded, refunding?', 'en')).toEqual(['refund', 'refund', 'refund']);
  });

  it('stems English, Spanish, French, German and Portuguese to shared terms', () => {
    expect(terms('cancelación cancelaciones', 'es')).toEqual(['cancel', 'cancel']);
    expect(new Set(terms('remboursement remboursements', 'fr')).size).toBe(1);
    expect(new Set(terms('Rückerstattung Rückerstattungen', 'de')).size).toBe(1);
    expect(new Set(terms('reembolso reembolsos', 'pt')).size).toBe(1);
  });

  it('drops stopwords of the language', () => {
    expect(terms('where is my order', 'en')).toEqual(['where', 'order']);
    expect(terms('dónde está mi pedido', 'es')).not.toContain('mi');
  });

  it('reads the base language of a locale, defaulting to English', () => {
    expect(baseLanguage('pt-BR')).toBe('pt');
    expect(baseLanguage(undefined)).toBe('en');
  });

  it('turns HTML into indexable text without running or keeping markup', () => {
    const html =
      '<p>Hi&nbsp;<b>Ana</b> &amp; co&#39;s</p><script>alert(1)</script><style>p{}</style><ul><li>one</li><li>two</li></ul>';
    expect(htmlToText(html)).toBe("Hi Ana & co's\none\ntwo");
  });
});
