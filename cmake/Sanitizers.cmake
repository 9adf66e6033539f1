# CHATSCAN_SANITIZE=address,undefined (or thread) instruments every target.
if(CHATSCAN_SANITIZE)
  add_compile_options(-fsanitize=${CHATSCAN_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CHATSCAN_SANITIZE})
endif()
