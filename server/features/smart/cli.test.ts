import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import { smartClientCommand } from './cli';

let db: Db;
const out: string[] = [];
const err: string[] = [];
const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
const run = (...args: string[]) => smartClientCommand.run(db, args, io);

beforeAll(async () => { db = await testDb(); });
afterAll(() => db.close());

describe('portico smart-client', () => {
  it('add prints the client id and secret; --public has no secret; list shows both; remove ends them', async () => {
    expect(await run('add', '--name', 'Health Diary', '--redirect-uri', 'https://diary.example/callback')).toBe(0);
    const confidential = JSON.parse(out.at(-1)!) as { clientId: string; clientSecret?: string };
    expect(Object.keys(confidential).sort()).toEqual(['clientId', 'clientSecret']);
    expect(confidential.clientSecret!.length).toBe(43);
    expect(await run('add', '--name', 'Pocket Record', '--redirect-uri', 'http://localhost:8080/app', '--public')).toBe(0);
    const pub = JSON.parse(out.at(-1)!) as { clientId: string; clientSecret?: string };
    expect(Object.keys(pub)).toEqual(['clientId']);

    expect(await run('list')).toBe(0);
    const listed = JSON.parse(out.at(-1)!) as { clientId: string; name: string; redirectUris: string[]; public: boolean }[];
    expect(listed.map(({ clientId, name, redirectUris, public: p }) => ({ clientId, name, redirectUris, public: p }))).toEqual([
      { clientId: confidential.clientId, name: 'Health Diary', redirectUris: ['https://diary.example/callback'], public: false },
      { clientId: pub.clientId, name: 'Pocket Record', redirectUris: ['http://localhost:8080/app'], public: true },
    ]);
    expect(JSON.stringify(listed)).not.toContain(confidential.clientSecret!);

    expect(await run('remove', confidential.clientId)).toBe(0);
    expect(await run('list')).toBe(0);
    expect((JSON.parse(out.at(-1)!) as { clientId: string }[]).map((c) => c.clientId)).toEqual([pub.clientId]);
    expect(await run('remove', confidential.clientId)).toBe(1);
    expect(err.at(-1)).toBe(`No registered app has client id "${confidential.clientId}".`);
  });

  it('refuses bad input with a message naming the option', async () => {
    expect(await run('add', '--redirect-uri', 'https://x.example/cb')).toBe(2);
    expect(err.at(-1)).toMatch(/^--name is required/);
    expect(await run('add', '--name', 'X')).toBe(2);
    expect(err.at(-1)).toMatch(/^--redirect-uri is required/);
    expect(await run('add', '--name', 'X', '--redirect-uri', 'http://app.example/cb')).toBe(2);
    expect(err.at(-1)).toBe('--redirect-uri "http://app.example/cb" must use https (http only for localhost)');
    expect(await run('add', '--name', 'X', '--redirect-uri', 'https://app.example/cb#x')).toBe(2);
    expect(err.at(-1)).toBe('--redirect-uri "https://app.example/cb#x" must not contain a #fragment');
    expect(await run('frobnicate')).toBe(2);
  });
});
