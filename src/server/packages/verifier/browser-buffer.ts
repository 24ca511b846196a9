/** Injected into the verify.html bundle: the core checks use Node's Buffer, which browsers lack. */
export { Buffer } from 'buffer';
