/** The CLI's value preparation is the engine's (src/core/linkage/prepare-values.ts), shared with the server's runs. */
export * from '../../core/linkage/prepare-values.ts';
