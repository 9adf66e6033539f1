// Explain: why a text did or did not match, for rule authors
// (`chatscan explain`). Slow path; not for scanning traffic.
#ifndef CHATSCAN_LIB_SCAN_EXPLAIN_H_
#define CHATSCAN_LIB_SCAN_EXPLAIN_H_

#include <string>
#include <string_view>

#include "chatscan/rules.h"
#include "chatscan/scanner.h"

namespace chatscan {

// A human-readable report: the views of the text, every hit with the
// pattern and fold steps that made it, and what became of it.
std::string Explain(const CompiledRules& rules, std::string_view text,
                    const MessageContext& context);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_SCAN_EXPLAIN_H_
