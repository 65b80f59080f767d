import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  checkProbes,
  loadCatalogue,
  permissionNames,
  resolvePermissions,
} from '../../../../src/domain/permissions/catalogue';
import { ConfigError, ValidationError } from '../../../../src/shared/errors';

const catalogue = loadCatalogue();

function writeTemp(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'catalogue-')), 'permissions.json');
  writeFileSync(file, content);
  return file;
}

describe('permission catalogue', () => {
  it('names 客户联系 with the read-only probe that needs it', () => {
    expect(catalogue.find((p) => p.name === '客户联系')).toMatchObject({
      id: 'customer_contact',
      nameEn: 'Customer contact',
      probe: 'get_follow_user_list',
    });
    for (const p of catalogue) {
      expect(p.purpose).toMatch(/[\u4e00-\u9fff]/);
      expect(p.purposeEn).toMatch(/[a-z]/);
    }
  });

  it('resolves ids, Chinese and English names, in catalogue order without repeats', () => {
    expect(
      resolvePermissions(catalogue, ['日程', 'customer_contact', ' Customer Contact ', '客户联系']),
    ).toEqual(['customer_contact', 'schedule']);
  });

  it('refuses unknown names and lists the known ones', () => {
    const err = (() => {
      try {
        resolvePermissions(catalogue, ['客户联系', 'teleport', 42]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: 'permissions', rule: 'unknown_permission' });
    expect((err as Error).message).toContain('teleport, 42');
    for (const p of catalogue) expect((err as Error).message).toContain(`${p.id} (${p.name} / ${p.nameEn})`);
  });

  it.each([[undefined], ['客户联系'], [[]], [{}]])('refuses %p as the list', (value) => {
    expect(() => resolvePermissions(catalogue, value)).toThrow(
      expect.objectContaining({ field: 'permissions', rule: 'required' }),
    );
  });

  it('writes names for people, either language', () => {
    expect(permissionNames(catalogue, ['customer_contact', 'schedule'])).toBe('客户联系、日程');
    expect(permissionNames(catalogue, ['customer_contact', 'schedule'], 'en')).toBe(
      'Customer contact, Calendar',
    );
    expect(permissionNames(catalogue, [])).toBe('无');
  });

  it('refuses a catalogue file that is missing, broken or ambiguous', () => {
    expect(() => loadCatalogue('/nonexistent/permissions.json')).toThrow(ConfigError);
    expect(() => loadCatalogue(writeTemp('{ nope'))).toThrow(ConfigError);
    const entry = { id: 'a_b', name: '甲', nameEn: 'A', purpose: '用途', purposeEn: 'use' };
    expect(() => loadCatalogue(writeTemp(JSON.stringify([entry, { ...entry, id: 'c_d' }])))).toThrow(
      /unique/,
    );
    expect(() => loadCatalogue(writeTemp(JSON.stringify([{ ...entry, id: 'Bad Id' }])))).toThrow(
      /permissions\.json\[0\.id\]/,
    );
  });

  it('accepts probes the WeCom client knows, and entries without one', () => {
    expect(() => checkProbes(catalogue, ['get_follow_user_list'])).not.toThrow();
  });

  it('refuses a probe the WeCom client does not know, naming the entry and the known probes', () => {
    const entry = { id: 'a_b', name: '甲', nameEn: 'A', purpose: '用途', purposeEn: 'use' };
    const typo = [entry, { ...entry, id: 'c_d', name: '乙', nameEn: 'C', probe: 'get_folow_user_list' }];
    const err = (() => {
      try {
        checkProbes(typo, ['get_follow_user_list', 'list_calendars']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ key: 'permissions.json[1].probe' });
    expect((err as Error).message).toContain('get_folow_user_list');
    expect((err as Error).message).toContain('known: get_follow_user_list, list_calendars');
  });
});
