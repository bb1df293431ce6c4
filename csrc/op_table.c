/* The op table as one string, compiled from aekit.h's lists, so that a loader can check that a module was built
 * from the same table as the TypeScript side (src/backend/op-table.ts, opTableSignature()). */
#include "aekit.h"

#define AEKIT_STR2(x) #x
#define AEKIT_STR(x) AEKIT_STR2(x)
#define AEKIT_OP_NAME(code, name) name ","

static const char table[] = "abi=" AEKIT_STR(AEKIT_ABI_VERSION)
                            ";unary=" AEKIT_UNARY_OPS(AEKIT_OP_NAME)
                            ";binary=" AEKIT_BINARY_OPS(AEKIT_OP_NAME)
                            ";reduce=" AEKIT_REDUCE_OPS(AEKIT_OP_NAME);

const char *aekit_op_table(void) { return table; }
