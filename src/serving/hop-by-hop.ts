/** Hop-by-hop headers (RFC 9110 §7.6.1): never forwarded, in either direction. */
export const hopByHop: readonly string[] = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'];
