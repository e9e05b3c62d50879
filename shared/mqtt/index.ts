export * from './base64';
export * from './hex';
export * from './payload-codec';
export * from './topic-filter';
export * from './utf8';
