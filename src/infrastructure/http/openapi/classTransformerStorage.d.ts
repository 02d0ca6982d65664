// class-transformer 0.5 ships its metadata storage without typings next to the CommonJS build.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
