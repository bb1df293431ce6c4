{
  "targets": [
    {
      "target_name": "aekit_native",
      "sources": [
        "../csrc/addon.c",
        "../csrc/pool.c",
        "../csrc/gemm.c",
        "../csrc/gemm_scalar.c",
        "../csrc/gemm_x86.c",
        "../csrc/strided.c",
        "../csrc/elementwise.c",
        "../csrc/reduce.c",
        "../csrc/conv.c",
        "../csrc/adam.c",
        "../csrc/fused.c",
        "../csrc/op_table.c",
        "../csrc/vmath_x86.c"
      ],
      "include_dirs": ["../csrc"],
      "cflags!": ["-O2", "-O0", "-Os"],
      "cflags_c": ["-std=gnu11"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra", "-Wno-unused-parameter", "-pthread"],
      "ldflags": ["-pthread"],
      "libraries": ["-lm"],
      "xcode_settings": {
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CFLAGS": ["-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "-std=gnu11"]
      }
    },
    {
      "target_name": "copy_to_package_build",
      "type": "none",
      "dependencies": ["aekit_native"],
      "copies": [
        {
          "destination": "<(module_root_dir)/../build/Release",
          "files": ["<(PRODUCT_DIR)/aekit_native.node"]
        }
      ]
    }
  ]
}
