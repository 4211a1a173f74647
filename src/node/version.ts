/** The software version reported in Hello frames and `lienthong status`. */
export const VERSION = '0.1.0';
