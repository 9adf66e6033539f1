// chatscan/chatscan.h: everything of the public C++ API.
#ifndef CHATSCAN_CHATSCAN_H_
#define CHATSCAN_CHATSCAN_H_

#include "chatscan/batch.h"
#include "chatscan/conversation.h"
#include "chatscan/rules.h"
#include "chatscan/scanner.h"
#include "chatscan/status.h"

#endif  // CHATSCAN_CHATSCAN_H_
