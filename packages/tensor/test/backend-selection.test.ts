import { isAwadError } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ENV, selectBackend, tf } from '../src/index';

const noPeers = async (name: string): Promise<unknown> => {
  throw new Error(`Cannot find package '${name}'`);
};

describe('selectBackend', () => {
  it('walks the preference order and reports why each earlier backend was not used', async () => {
    const report = await selectBackend({ env: {}, importPackage: noPeers });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.tried.map((t) => [t.backend, t.outcome])).toEqual([
      ['tensorflow', 'unavailable'],
      ['node-gpu', 'skipped'],
      ['node', 'unavailable'],
      ['wasm', 'chosen'],
    ]);
    expect(report.tried[2]?.detail).toContain('@tensorflow/tfjs-node is not installed');
    expect(report.kernelsAdded).toEqual(['UnsortedSegmentSum']);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('tries tfjs-node-gpu only when asked for', async () => {
    const asked: string[] = [];
    const report = await selectBackend({ env: {}, gpu: true, importPackage: async (name) => noPeers(asked.push(name) ? name : name) });
    expect(asked).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(report.tried[1]).toMatchObject({ backend: 'node-gpu', outcome: 'unavailable' });
  });

  it('uses the backend the environment variable names, and the option over it', async () => {
    expect((await selectBackend({ env: { [BACKEND_ENV]: 'cpu' } })).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const report = await selectBackend({ backend: 'wasm', env: { [BACKEND_ENV]: 'cpu' } });
    expect(report).toMatchObject({ backend: 'wasm', reason: 'the `backend` option asked for it' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('fails loudly when an explicitly requested backend cannot start', async () => {
    const error = await selectBackend({ backend: 'node', importPackage: noPeers }).catch((e: unknown) => e);
    expect(isAwadError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/node: @tensorflow\/tfjs-node is not installed/);
    const bad = await selectBackend({ env: { [BACKEND_ENV]: 'webgpu' } }).catch((e: unknown) => e);
    expect((bad as Error).message).toContain('expected `AWAD_TF_BACKEND` to be one of tensorflow, node-gpu, node, wasm, cpu, got "webgpu"');
  });

  it('reports a node package that loads but registers no backend as failed and moves on', async () => {
    const report = await selectBackend({ env: {}, importPackage: async () => ({}) });
    expect(report.tried.find((t) => t.backend === 'node')).toMatchObject({ outcome: 'failed' });
    expect(report.backend).toBe('wasm');
  });

  it('prefers a `tensorflow` backend the app registered', async () => {
    const cpuFactory = tf.findBackendFactory('cpu');
    expect(cpuFactory).not.toBeNull();
    tf.registerBackend('tensorflow', cpuFactory as () => tf.KernelBackend, 0);
    try {
      const report = await selectBackend({ env: {}, importPackage: noPeers });
      expect(report).toMatchObject({ backend: 'tensorflow', tfBackend: 'tensorflow' });
      expect(report.tried).toHaveLength(1);
    } finally {
      await tf.setBackend('wasm');
      tf.removeBackend('tensorflow');
    }
  });
});
