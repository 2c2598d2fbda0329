// darwin-preload.cjs: makes a Node program believe it runs on macOS for this user.
// Loaded with `node --require <this file>` (NODE_OPTIONS or the fake-macos node shim).
//
// * process.platform and os.platform() report "darwin", os.type() "Darwin".
// * os.homedir() and os.userInfo().homedir follow $HOME (as on macOS, where launchd sets
//   HOME for the job), falling back to the real value when HOME is unset.
// * process.execPath reports the fake-macos node shim when this process was started through it
//   (FAKE_MACOS_NODE_SHIM / FAKE_MACOS_REAL_NODE, exported by the shim), so programs that record
//   their own node path (OpenClaw writes it into the LaunchAgent plist) record the shim, and
//   the jobs launchd starts from that plist get this preload again.
// * Worker threads started with their own execArgv (OpenClaw 2026.9.6 starts its SQLite workers
//   with `execArgv: []`) get this preload too: on a Mac every thread sees darwin, and 9.6's
//   SQLite worker compares its connection's darwin-only pragma (checkpoint_fullfsync) with the
//   main thread's, retiring the agent database on a mismatch.
// * Discord traffic goes to the fake Discord when DISCORD_API_URL names one (discord-preload.cjs
//   beside this file; for releases that do not read that variable).
'use strict';

try {
  require(require('path').join(__dirname, 'discord-preload.cjs'));
} catch (_) {
  // Not beside this file (an older fake Mac): Discord is then the release's own business.
}

if (!globalThis.__fakeMacosPreloaded) {
  Object.defineProperty(globalThis, '__fakeMacosPreloaded', { value: true, enumerable: false });

  const os = require('os');
  const fs = require('fs');

  Object.defineProperty(process, 'platform', {
    value: 'darwin',
    enumerable: true,
    configurable: true,
    writable: false,
  });
  os.platform = function platform() {
    return 'darwin';
  };
  os.type = function type() {
    return 'Darwin';
  };

  const realHomedir = os.homedir;
  os.homedir = function homedir() {
    const home = process.env.HOME;
    return home && home.length > 0 ? home : realHomedir.call(os);
  };
  const realUserInfo = os.userInfo;
  os.userInfo = function userInfo(options) {
    const info = realUserInfo.call(os, options);
    const home = process.env.HOME;
    if (home && home.length > 0) {
      info.homedir = options && options.encoding === 'buffer' ? Buffer.from(home) : home;
    }
    return info;
  };

  const shim = process.env.FAKE_MACOS_NODE_SHIM;
  const realNode = process.env.FAKE_MACOS_REAL_NODE;
  if (shim && realNode) {
    let same = process.execPath === realNode;
    if (!same) {
      try {
        same = fs.realpathSync(process.execPath) === fs.realpathSync(realNode);
      } catch (_) {
        same = false;
      }
    }
    if (same) {
      try {
        Object.defineProperty(process, 'execPath', { value: shim, enumerable: true, configurable: true, writable: true });
      } catch (_) {
        process.execPath = shim;
      }
    }
  }

  // A Worker given an explicit execArgv inherits nothing from this thread's: add the preload.
  const workerThreads = require('worker_threads');
  const RealWorker = workerThreads.Worker;
  const preload = __filename;
  class Worker extends RealWorker {
    constructor(filename, options) {
      if (options && Array.isArray(options.execArgv) && !options.execArgv.includes(preload)) {
        options = { ...options, execArgv: ['--require', preload, ...options.execArgv] };
      }
      super(filename, options);
    }
  }
  workerThreads.Worker = Worker;
  // `import { Worker } from 'node:worker_threads'` reads the ES module's own copy of the export.
  require('module').syncBuiltinESMExports();
}
