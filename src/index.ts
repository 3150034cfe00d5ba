import { runBot } from './lifecycle';
import { PROJECT_ROOT } from './core/paths';

/** Wiring only: the start, shutdown and fault handling live in src/lifecycle.ts. */
runBot(PROJECT_ROOT);
