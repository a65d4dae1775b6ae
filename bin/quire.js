#!/usr/bin/env node
// The `quire` command as an ES module path (older scripts run bin/quire.js); the command
// itself is bin/quire.cjs, package.json's bin.
import './quire.cjs';
