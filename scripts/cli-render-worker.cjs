'use strict';
// The export's render worker in the `quire` command's build folder (copied there as
// render-worker.cjs, see cli-bundle.js): runs the worker's bundle through the code cache.
// A worker never exits by itself (the export terminates it), so it writes its cache once
// it has rendered a few batches, when every function it runs has been compiled.
const path = require('node:path');
const { parentPort } = require('node:worker_threads');
const { loadCached } = require('./code-cache.cjs');

const worker = loadCached(path.join(__dirname, 'render-worker-bundle.cjs'), 'render-worker');
let batches = 0;
parentPort.on('message', (m) => {
  if ((m.kind === 'pages' || m.kind === 'render') && ++batches === 8)
    setImmediate(worker.saveCache);
});
