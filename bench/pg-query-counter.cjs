/* global require, process, setInterval */
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS preload for node --require */
/**
 * Diagnostic preload for `npm run bench:pos` (node --require): counts the SQL
 * statements the app sends through pg (one round trip each) and writes the
 * running count to BENCH_QUERY_COUNT_FILE every 100 ms. Used only for the
 * separate single-connection diagnostic run, never for the throughput runs.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const pg = require('pg');

const file = process.env.BENCH_QUERY_COUNT_FILE;
if (file) {
  let count = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(...args) {
    count++;
    return query.apply(this, args);
  };
  let last = -1;
  setInterval(() => {
    if (count !== last) {
      last = count;
      writeFileSync(file, String(count));
    }
  }, 100).unref();
}
