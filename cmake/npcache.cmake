# npcache_enable(<target> [CONFIG <npcache.json>])
#
# Rewrites each C++ source of <target> with npcache-rewrite into the build directory and
# compiles the rewritten files instead. The rewrite sees the target's include directories,
# definitions, options and language standard; it re-runs when the source, a header it
# includes, the JSON file or the rewriter changes. Each rewrite also summarizes what its
# file defines, and one more step combines the summaries into npcache_digests.cpp, so that
# a cached function's digest covers what it calls in the target's other files too. The
# target links npcache::runtime and GCC and Clang stop warning about [[npcache::...]].

function(npcache_enable target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "CONFIG" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "npcache_enable(${target}): unexpected arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "npcache_enable(${target}): no such target")
  endif()
  set(config "")
  if(arg_CONFIG)
    get_filename_component(config "${arg_CONFIG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${config}")
      message(FATAL_ERROR "npcache_enable(${target}): ${config} does not exist")
    endif()
  endif()
  target_link_libraries(${target} PRIVATE npcache::runtime)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANG_AND_ID:CXX,GNU>:-Wno-attributes=npcache::>
    $<$<COMPILE_LANG_AND_ID:CXX,Clang,AppleClang>:-Wno-unknown-attributes>)
  # At the end of the directory, so that sources and properties set later count too.
  # DEFER evaluates its arguments when it runs, so the values are written in now.
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL _npcache_rewrite_sources [===[${target}]===] [===[${config}]===])")
endfunction()

function(_npcache_standard target out)
  get_target_property(standard ${target} CXX_STANDARD)
  if(NOT standard)
    set(standard 0)
    get_target_property(features ${target} COMPILE_FEATURES)
    foreach(feature IN LISTS features CMAKE_CXX_COMPILE_FEATURES_REQUESTED)
      if(feature MATCHES "^cxx_std_([0-9]+)$" AND CMAKE_MATCH_1 GREATER standard)
        set(standard ${CMAKE_MATCH_1})
      endif()
    endforeach()
    if(standard EQUAL 0)
      set(standard ${CMAKE_CXX_STANDARD})
    endif()
    if(NOT standard)
      set(standard 17) # the runtime's own minimum
    endif()
  endif()
  set(${out} ${standard} PARENT_SCOPE)
endfunction()

function(_npcache_rewrite_sources target config)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  get_target_property(binary_dir ${target} BINARY_DIR)
  _npcache_standard(${target} standard)

  set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(definitions "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(flags
    -std=c++${standard}
    "$<$<BOOL:${includes}>:-I$<JOIN:${includes},$<SEMICOLON>-I>>"
    "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},$<SEMICOLON>-D>>"
    "$<TARGET_PROPERTY:${target},COMPILE_OPTIONS>"
    -Qunused-arguments -Wno-unknown-warning-option)
  set(config_args "")
  if(config)
    set(config_args --config "${config}")
  endif()
  string(MAKE_C_IDENTIFIER "${target}" target_id)
  set(summaries "")

  # Here, not at file scope: under add_subdirectory(npcache) a variable set beside the
  # functions would not be visible in the caller's directory.
  set(cxx_extensions .cpp .cc .cxx .c++ .C .cp)
  set(rewritten "")
  foreach(source IN LISTS sources)
    get_filename_component(extension "${source}" LAST_EXT)
    if(source MATCHES "\\$<" OR NOT extension IN_LIST cxx_extensions)
      list(APPEND rewritten "${source}")
      continue()
    endif()
    get_filename_component(input "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    file(RELATIVE_PATH relative "${source_dir}" "${input}")
    if(relative MATCHES "^\\.\\./")
      string(SHA1 digest "${input}")
      get_filename_component(name "${input}" NAME)
      set(relative "external/${digest}/${name}")
    endif()
    set(output "${binary_dir}/npcache/${target}/${relative}")
    get_filename_component(input_dir "${input}" DIRECTORY)
    add_custom_command(OUTPUT "${output}" "${output}.summary"
      COMMAND $<TARGET_FILE:npcache::rewrite> "${input}" -o "${output}" --depfile "${output}.d"
              --summary "${output}.summary" --target ${target_id} ${config_args} -- ${flags}
      DEPENDS "${input}" $<TARGET_FILE:npcache::rewrite> ${config}
      DEPFILE "${output}.d"
      COMMENT "npcache: rewriting ${relative}"
      COMMAND_EXPAND_LISTS VERBATIM)
    # Quoted includes resolve next to the original file, as they did before.
    set_source_files_properties("${output}" PROPERTIES COMPILE_OPTIONS "-iquote;${input_dir}")
    list(APPEND rewritten "${output}")
    list(APPEND summaries "${output}.summary")
  endforeach()
  # Cross-file digests: one small generated source, rewritten only when a digest changes.
  # The stamp is the step's output, so that Make, which has no restat, does not re-run it
  # on every build; the source is a byproduct whose time changes only with its content.
  if(summaries)
    set(digests "${binary_dir}/npcache/${target}/npcache_digests.cpp")
    add_custom_command(OUTPUT "${digests}.stamp"
      BYPRODUCTS "${digests}"
      COMMAND $<TARGET_FILE:npcache::rewrite> --combine -o "${digests}" --target ${target_id}
              ${summaries}
      COMMAND ${CMAKE_COMMAND} -E touch "${digests}.stamp"
      DEPENDS ${summaries} $<TARGET_FILE:npcache::rewrite>
      COMMENT "npcache: combining the code digests of ${target}"
      VERBATIM)
    list(APPEND rewritten "${digests}.stamp" "${digests}")
  endif()
  set_property(TARGET ${target} PROPERTY SOURCES ${rewritten})
  if(TARGET npcache-rewrite)
    add_dependencies(${target} npcache-rewrite) # built in this project
  endif()
endfunction()
