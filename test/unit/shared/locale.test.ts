import { DEFAULT_LOCALE, isLocale, wordsFor, type Catalogue } from '../../../src/shared/locale';

describe('locale', () => {
  const greeting: Catalogue<{ hello: string }> = { 'zh-CN': { hello: '你好' }, en: { hello: 'Hello' } };

  it('knows zh-CN and en and nothing else', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  it('picks the words of the locale, and the default for an unknown one', () => {
    expect(wordsFor(greeting, 'en').hello).toBe('Hello');
    expect(wordsFor(greeting, 'fr').hello).toBe(greeting[DEFAULT_LOCALE].hello);
    expect(wordsFor(greeting, undefined).hello).toBe('你好');
  });
});
