# CHATSCAN_SANITIZE=address,undefined (or thread) instruments every target.
if(CHATSCAN_FUZZ)
  # Everything is instrumented for coverage; the fuzz targets add libFuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CHATSCAN_SANITIZE)
  add_compile_options(-fsanitize=${CHATSCAN_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CHATSCAN_SANITIZE})
endif()
