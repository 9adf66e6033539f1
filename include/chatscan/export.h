// chatscan/export.h: which declarations the shared library exports.
// Everything else in libchatscan.so is hidden.
#ifndef CHATSCAN_EXPORT_H_
#define CHATSCAN_EXPORT_H_

#if defined(_WIN32)
#define CHATSCAN_EXPORT __declspec(dllexport)
#else
#define CHATSCAN_EXPORT __attribute__((visibility("default")))
#endif

#endif  // CHATSCAN_EXPORT_H_
