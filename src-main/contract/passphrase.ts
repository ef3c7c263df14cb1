// The backup passphrase rule, without zod, so the renderer can show it too.
export const MIN_PASSPHRASE_LENGTH = 12;
