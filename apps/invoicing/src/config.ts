import { parseServiceConfig } from '@procura/runtime';

export const config = () => parseServiceConfig(process.env, 4103);
