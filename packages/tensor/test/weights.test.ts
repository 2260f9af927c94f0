import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, ensureBackend, loadWeights, Mlp, readVariables, saveWeights, tf, writeVariables } from '../src/index';

describe('weights', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('round-trips through JSON and a file bit for bit, and restores a model to the same outputs', async () => {
    const a = new Mlp({ sizes: [3, 5, 2], seed: 11, name: 'm' });
    const b = new Mlp({ sizes: [3, 5, 2], seed: 12, name: 'm' });
    const weights = readVariables(a.namedVariables());
    const decoded = decodeWeights(JSON.parse(JSON.stringify(encodeWeights(weights))));
    expect(Object.keys(decoded)).toEqual(['m/0/kernel', 'm/0/bias', 'm/1/kernel', 'm/1/bias']);
    for (const [name, w] of Object.entries(weights)) expect(Array.from(decoded[name]?.values ?? [])).toEqual(Array.from(w.values));
    const file = join(mkdtempSync(join(tmpdir(), 'awad-w-')), 'w.json');
    await saveWeights(file, weights);
    writeVariables(b.namedVariables(), await loadWeights(file));
    const x = tf.tensor2d([[0.1, -2, 3]]);
    expect(Array.from(b.apply(x).dataSync())).toEqual(Array.from(a.apply(x).dataSync()));
    a.dispose();
    b.dispose();
  });

  it('refuses weights of another shape and assigns nothing', () => {
    const a = new Mlp({ sizes: [3, 5, 2], seed: 1, name: 'm' });
    const other = new Mlp({ sizes: [3, 4, 2], seed: 2, name: 'm' });
    const before = readVariables(a.namedVariables());
    expect(() => writeVariables(a.namedVariables(), readVariables(other.namedVariables()))).toThrow(/m\/0\/kernel of shape \[3, 5\], got shape \[3, 4\]/);
    expect(Array.from(readVariables(a.namedVariables())['m/1/bias']?.values ?? [])).toEqual(Array.from(before['m/1/bias']?.values ?? []));
    a.dispose();
    other.dispose();
  });

  it('names the problem in a corrupt file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'awad-w-')), 'bad.json');
    writeFileSync(file, '{"kind":"awad-weights","version":1,"tensors":{"a":{"shape":[2],"data":"AAAA"}}}');
    await expect(loadWeights(file)).rejects.toThrow(/expected 8 bytes for a of shape \[2\], got 3 bytes/);
    writeFileSync(file, 'not json');
    await expect(loadWeights(file)).rejects.toThrow(/a JSON weights file/);
  });
});
