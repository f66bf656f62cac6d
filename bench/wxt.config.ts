// The project's WXT config, building into BENCH_EXTENSION_OUT_DIR when it is set: the panel benchmark builds
// the extension into a folder of its own, so it never replaces .output/chrome-mv3 under a running e2e test,
// nor does an e2e run's build replace the benchmark's.
import { defineConfig } from 'wxt';
import config from '../wxt.config';

const outDir = process.env.BENCH_EXTENSION_OUT_DIR;
export default defineConfig(outDir ? { ...config, outDir } : config);
