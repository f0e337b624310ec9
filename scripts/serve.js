// Starts the production build with Sandtable's defaults: adapter-node refuses bodies over 512K
// by default, but a scenario upload may be up to 1 MiB (the checker's limit). Every variable can
// still be set by the operator (see the README's configuration table).
process.env.BODY_SIZE_LIMIT ??= '2M';
await import('../build/index.js');
