import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, type Finding } from '../../src/engine';
import { scanFixtureApp } from '../support/fixtures';

/** Compiled tests run from out/test/engine; the fixtures stay in the source tree. */
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flow');

interface Expected {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: Finding['severity'];
  /** Where the value was obtained: `file:line` of the first related location. */
  related: string;
  messageIncludes?: string[];
}

/** Rules of the retention and sharing family; other families also report in these apps. */
const isFlowRule = (id: string) => id.startsWith('retention-') || id === 'sensitive-data-shared';

function scan(app: string): Finding[] {
  return scanFixtureApp(path.join(FIXTURES, app), isFlowRule);
}

const key = (f: { file: string; line: number; column: number; ruleId: string; severity: string; related: string }) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity} <- ${f.related}`;

describe('flow fixture apps', () => {
  const apps = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected-findings.json')));

  it('has the three fixture apps', () => assert.deepStrictEqual(apps.sort(), ['checkin-page', 'delivery-backend', 'react-tracker']));

  for (const app of apps) {
    describe(app, () => {
      const expected = (JSON.parse(fs.readFileSync(path.join(FIXTURES, app, 'expected-findings.json'), 'utf8')) as { findings: Expected[] }).findings;

      it('reports exactly the expected retention and sharing findings, each pointing at its source', () => {
        const found = scan(app).map((f) =>
          key({ file: f.file, line: f.range.start.line, column: f.range.start.column, ruleId: f.ruleId, severity: f.severity, related: `${f.related[0]?.file}:${f.related[0]?.range.start.line}` }),
        );
        assert.deepStrictEqual(found.sort(), expected.map(key).sort());
      });

      it('messages name the sink call', () => {
        const found = scan(app);
        for (const e of expected) {
          const f = found.find((x) => x.file === e.file && x.range.start.line === e.line && x.ruleId === e.ruleId);
          assert.ok(f, key(e));
          for (const s of e.messageIncludes ?? []) assert.ok(f.message.includes(s), `${key(e)}: '${s}' not in ${f.message}`);
        }
      });
    });
  }

  it('delivery back end: the Session model (TTL in its own file) and the EX/expire Redis writes stay quiet', () => {
    const found = scan('delivery-backend');
    assert.ok(!found.some((f) => f.message.includes('Session.')), 'Session has expires: 900');
    assert.deepStrictEqual(found.filter((f) => f.file === 'src/lib/redis.js').map((f) => f.range.start.line), [13]);
  });

  it('delivery back end: the Redis trail write gets an expire after it, in seconds', () => {
    const f = scan('delivery-backend').find((x) => x.ruleId === 'retention-redis');
    assert.ok(f);
    const text = fs.readFileSync(path.join(FIXTURES, 'delivery-backend', 'src', 'lib', 'redis.js'), 'utf8');
    const out = applyEdits(text, f.fixes[0].edits);
    assert.ok(out.includes('await client.rPush(`courier:${courierId}:trail`, JSON.stringify(position));\n  await client.expire(`courier:${courierId}:trail`, 2592000);'), out);
  });

  it('check-in page: the evidence chain crosses from the page into checkin.js', () => {
    const f = scan('checkin-page').find((x) => x.file === 'checkin.js');
    assert.ok(f);
    assert.strictEqual(f.related[0].file, 'index.html');
    assert.ok(f.evidence.chain?.some((s) => s.startsWith('submitCheckin() (index.html:')), JSON.stringify(f.evidence.chain));
  });
});
