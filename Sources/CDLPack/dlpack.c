// The DLPack ABI is header-only; this file gives SwiftPM a source to build.
