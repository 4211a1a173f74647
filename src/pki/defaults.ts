/** PKI defaults, kept apart from the certificate code so the CLI can show them without loading node-forge. */
export const DEFAULT_CA_COMMON_NAME = 'lienthong network CA';
export const DEFAULT_CA_DAYS = 3650;
export const DEFAULT_LEAF_DAYS = 825;
export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';
