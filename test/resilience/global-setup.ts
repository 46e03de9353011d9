// Global setup of the resilience project: a fresh figures file for this run (see harness.ts, figure()).
import { rmSync } from 'node:fs';
import { FIGURES_FILE } from './harness.js';

export default function setup(): void {
  rmSync(FIGURES_FILE, { force: true });
}
