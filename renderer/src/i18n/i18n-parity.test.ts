// The English and Simplified Chinese catalogues must hold the same keys, file by file, with the same
// {placeholders}. Files are discovered by glob so catalogue files added later are covered without editing this test.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

type Catalogue = Record<string, string>;
const enFiles = import.meta.glob<Record<string, Catalogue>>('./en/*.ts', { eager: true });
const zhFiles = import.meta.glob<Record<string, Catalogue>>('./zh-CN/*.ts', { eager: true });

const baseName = (p: string) => p.replace(/^.*\//, '');
const byName = (files: Record<string, Record<string, Catalogue>>) =>
  new Map(Object.entries(files).map(([p, mod]) => [baseName(p), Object.assign({}, ...Object.values(mod)) as Catalogue]));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Keys present in `a` only, so a failure names exactly what to add. */
const missingFrom = (a: object, b: object) => Object.keys(a).filter((k) => !(k in b));

describe('i18n catalogues', () => {
  const enByFile = byName(enFiles);
  const zhByFile = byName(zhFiles);

  it('has a zh-CN file for every en file and no other', () => {
    expect([...zhByFile.keys()].sort()).toEqual([...enByFile.keys()].sort());
  });

  for (const [file, enCat] of enByFile) {
    it(`${file}: same keys in en and zh-CN`, () => {
      const zhCat = zhByFile.get(file) ?? {};
      expect({ onlyInEnglish: missingFrom(enCat, zhCat), onlyInChinese: missingFrom(zhCat, enCat) }).toEqual({ onlyInEnglish: [], onlyInChinese: [] });
    });
  }

  it('the merged catalogues have the same keys', () => {
    expect({ onlyInEnglish: missingFrom(en, zhCN), onlyInChinese: missingFrom(zhCN, en) }).toEqual({ onlyInEnglish: [], onlyInChinese: [] });
  });

  it('every catalogue file is registered in en.ts / zh-CN.ts', () => {
    const allEn = Object.assign({}, ...enByFile.values()) as Catalogue;
    const allZh = Object.assign({}, ...zhByFile.values()) as Catalogue;
    expect(missingFrom(allEn, en)).toEqual([]);
    expect(missingFrom(allZh, zhCN)).toEqual([]);
  });

  it('keeps {placeholders} identical and leaves no Chinese entry empty', () => {
    const zh = zhCN as Catalogue;
    const bad: string[] = [];
    for (const [k, v] of Object.entries(en as Catalogue)) {
      const z = zh[k];
      if (z === undefined) continue;
      if (placeholders(v).join() !== placeholders(z).join()) bad.push(`${k}: {${placeholders(v)}} vs {${placeholders(z)}}`);
      if (v.trim() !== '' && z.trim() === '') bad.push(`${k}: empty in zh-CN`);
    }
    expect(bad).toEqual([]);
  });

  it('does not leave English sentences untranslated in zh-CN', () => {
    // An entry copied verbatim from English that reads as an English phrase (two or more words) was forgotten.
    // Identifiers, protocol names and format samples are single tokens or symbols and pass.
    const zh = zhCN as Catalogue;
    const phrase = /\b[A-Za-z]{3,}\s+[a-z]{3,}\b/;
    const untranslated = Object.entries(en as Catalogue)
      .filter(([k, v]) => zh[k] === v && phrase.test(v.replace(/\{\w+\}/g, '')))
      .map(([k]) => k);
    expect(untranslated).toEqual([]);
  });
});
