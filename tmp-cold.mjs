const t0 = performance.now();
await import('./node_modules/.cache/steward-bundles/310aadcbe7d29e02d21964c2da12839faff97c0aac7602ad1a28e7d1bf3cab2a/approvalsApi/index.mjs');
const t1 = performance.now();
await import('./node_modules/.cache/steward-bundles/310aadcbe7d29e02d21964c2da12839faff97c0aac7602ad1a28e7d1bf3cab2a/handoverSteps/index.mjs');
const t2 = performance.now();
console.log('first', (t1 - t0).toFixed(0), 'second', (t2 - t1).toFixed(0));
