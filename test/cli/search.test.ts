import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyCorpus } from '../helpers/corpus.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run search -- --json (end to end, in a child process)', () => {
  let env: NodeJS.ProcessEnv;
  let dirs: Awaited<ReturnType<typeof copyCorpus>>;
  const search = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/search.ts'), ...args], { cwd: ROOT, env, maxBuffer: 1 << 24 });

  beforeAll(async () => {
    dirs = await copyCorpus();
    env = { ...process.env, CORPUS_DIR: dirs.corpus, DATA_DIR: dirs.data, OPENAI_API_KEY: '' };
  });

  it('answers a file of questions, one JSON object per line, in input order, with a bad line reported', async () => {
    const input = join(dirs.root, 'questions.jsonl');
    await writeFile(
      input,
      [
        JSON.stringify({ id: 'q1', question: '创新之路合作倡议第4条的原文', lang: 'zh-Hans' }),
        '{ this is not json',
        JSON.stringify({ id: 'q3', question: '第11屆東創會在哪個城市開幕？' }),
        JSON.stringify({ id: 'q4', question: '' }),
        JSON.stringify({ id: 'q5', question: '伙伴计划的秘书处负责什么工作' }),
      ].join('\n'),
    );
    const { stdout } = await search('--json', '-k', '3', '--input', input);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id ?? null)).toEqual(['q1', null, 'q3', 'q4', 'q5']);
    expect(lines[1].error).toMatch(/line 2 is not valid JSON/u);
    expect(lines[3].error).toMatch(/no "question"/u);

    const [q1, , q3, , q5] = lines;
    expect(q1.language).toBe('zh-Hans');
    expect(q1.results).toHaveLength(3);
    expect(q1.results[0]).toMatchObject({ rank: 1, docId: '003_61e2e90163225e43', section: '“创新之路”合作倡议 > 4 共建联合实验室' });
    expect(q1.results[0].text).toBe('4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发');
    for (const key of ['rank', 'docId', 'title', 'section', 'chunkId', 'score', 'text', 'translations']) expect(q1.results[0]).toHaveProperty(key);
    expect(Object.keys(q1.results[0].translations).sort()).toEqual(['en', 'fil', 'id', 'km', 'lo', 'ms', 'my', 'pt', 'ta', 'tet', 'th', 'vi', 'zh-Hant']);
    expect(q1.results[0].translations.en).toMatch(/^4\. Jointly build joint laboratories/u);

    expect(q3.language).toBe('zh-Hant');
    expect(q3.results[0].docId).toBe('002_cbe3435ff93c4f11');
    expect(q3.results[0].text).toContain('在廣西南寧開幕');
    expect(q5.results.some((r: { text: string }) => r.text.includes('负责计划实施日常管理和协调工作'))).toBe(true);
  });

  it('prints a readable answer without --json, and a clear error for an empty question', async () => {
    const { stdout } = await search('-k', '2', '农作物育种与栽培属于哪个重点技术领域？');
    expect(stdout).toMatch(/^农作物育种与栽培属于哪个重点技术领域？ {2}\(language: zh-Hans\)$/mu);
    expect(stdout).toMatch(/^1\. 中国-东盟科技伙伴计划 — 四、重点领域 > （二）重点技术领域 > 1\. 农业 {2}\(score [\d.]+\)$/mu);
    expect(stdout).toMatch(/^ {3}1\. 农业：农作物育种与栽培、农产品加工、农业机械化、土壤改良等。$/mu);
    await expect(search('--json', '   ')).rejects.toMatchObject({ stderr: expect.stringMatching(/No question given/u) });
  });
});
