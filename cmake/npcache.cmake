# npcache_enable(<target> [CONFIG <npcache.json>])
#
# Makes npcache-cxx the target's compiler and linker launcher, the way ccache is one, so
# that the rewrite of a file with a cached function sees exactly the command the compiler
# gets (CMAKE_CXX_FLAGS, per-configuration and per-source flags, -isystem, gnu++
# standards, CXXFLAGS) and what it digests is what is compiled. A launcher already set
# (ccache) keeps running, after npcache-cxx. The target's sources stay as they are, so
# compile_commands.json names the user's files.
#
# The link step gives each cached function a digest over the code it reaches in every
# object linked, so the static and shared libraries the target links from this project
# are compiled through the launcher too, and shared ones get their own digest table.
# The JSON file and npcache's programs are dependencies of the files they affect: the
# launcher lists them in the depfile of each rewritten file, and in the target's
# LINK_DEPENDS.

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
  # As target_link_libraries(PRIVATE) would, without taking a side between its plain and
  # keyword signatures: CMake refuses a target that mixes them, and the project's own
  # calls may use either.
  set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES npcache::runtime)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "OBJECT_LIBRARY")
    set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES "$<LINK_ONLY:npcache::runtime>")
  endif()
  _npcache_launch(${target} "${config}" TRUE)
  # At the end of the directory, so that libraries linked later count too. DEFER
  # evaluates its arguments when it runs, so the values are written in now.
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL _npcache_enable_libraries [===[${target}]===] [===[${config}]===])")
endfunction()

# Where npcache-cxx and npcache-rewrite are: built by this project, or installed.
function(_npcache_programs launcher rewriter)
  get_property(built GLOBAL PROPERTY NPCACHE_LAUNCHER)
  if(built)
    get_property(rewrite GLOBAL PROPERTY NPCACHE_REWRITER)
    set(${launcher} "${built}" PARENT_SCOPE)
    set(${rewriter} "${rewrite}" PARENT_SCOPE)
    return()
  endif()
  foreach(program cxx rewrite)
    get_target_property(location npcache::${program} IMPORTED_LOCATION)
    if(NOT location)
      get_target_property(configs npcache::${program} IMPORTED_CONFIGURATIONS)
      list(GET configs 0 first)
      get_target_property(location npcache::${program} IMPORTED_LOCATION_${first})
    endif()
    set(path_${program} "${location}")
  endforeach()
  set(${launcher} "${path_cxx}" PARENT_SCOPE)
  set(${rewriter} "${path_rewrite}" PARENT_SCOPE)
endfunction()

# Puts `command` (ARGN) in front of the launcher the target has in `property` (ccache).
function(_npcache_prepend target property)
  get_target_property(previous ${target} ${property})
  if(NOT previous)
    set(previous "")
  endif()
  set_property(TARGET ${target} PROPERTY ${property} ${ARGN} ${previous})
endfunction()

# Puts npcache-cxx in front of the target's compilers (and, if it links, its linker).
function(_npcache_launch target config links)
  get_target_property(launched ${target} NPCACHE_LAUNCHED)
  if(launched)
    return()
  endif()
  set_property(TARGET ${target} PROPERTY NPCACHE_LAUNCHED TRUE)
  _npcache_programs(launcher rewriter)
  set(command "${launcher}" "--state=${CMAKE_BINARY_DIR}/npcache-build")
  if(config)
    list(APPEND command "--config=${config}")
  endif()
  _npcache_prepend(${target} CXX_COMPILER_LAUNCHER ${command})
  # The target's C files too: a cached function may call what they define. They compile
  # untouched, and the link parses those it reaches.
  _npcache_prepend(${target} C_COMPILER_LAUNCHER ${command})
  # Properties rather than target_* commands: the libraries may live in other directories.
  # A library needs no runtime of its own: the executable links it, and npcache-cxx adds
  # it to a shared library's link that has cached functions.
  set_property(TARGET ${target} APPEND PROPERTY COMPILE_OPTIONS
    $<$<COMPILE_LANG_AND_ID:CXX,GNU>:-Wno-attributes=npcache::>
    $<$<COMPILE_LANG_AND_ID:CXX,Clang,AppleClang>:-Wno-unknown-attributes>)
  if(links)
    _npcache_prepend(${target} CXX_LINKER_LAUNCHER ${command})
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${launcher}" "${rewriter}")
  endif()
  if(TARGET npcache-cxx)
    add_dependencies(${target} npcache-cxx) # built in this project
  endif()
endfunction()

# A unity build (UNITY_BUILD, CMAKE_UNITY_BUILD) compiles the target's sources #included
# into a few generated files, and only the file compiled is rewritten: a source that
# spells the attribute, or includes by a quoted name a header that does, is left out of
# the batches and compiled on its own. A mark found deeper is an error of the rewrite that
# names the file (docs/BUILDING.md).
function(_npcache_keep_out_of_unity target)
  get_target_property(unity ${target} UNITY_BUILD)
  if(NOT unity)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  get_target_property(target_dir ${target} SOURCE_DIR)
  get_target_property(include_dirs ${target} INCLUDE_DIRECTORIES)
  list(FILTER include_dirs EXCLUDE REGEX "\\$<|-NOTFOUND$")
  foreach(source IN LISTS sources)
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${target_dir}")
    if(source MATCHES "\\$<" OR NOT EXISTS "${path}")
      continue() # generated
    endif()
    file(READ "${path}" text)
    set(marks FALSE)
    if(text MATCHES "npcache::cached")
      set(marks TRUE)
    else()
      get_filename_component(source_dir "${path}" DIRECTORY)
      string(REGEX MATCHALL "#[ \t]*include[ \t]*\"[^\"]+\"" includes "${text}")
      foreach(include IN LISTS includes)
        string(REGEX REPLACE ".*\"([^\"]+)\"" "\\1" name "${include}")
        foreach(base IN LISTS source_dir include_dirs)
          if(EXISTS "${base}/${name}" AND NOT IS_DIRECTORY "${base}/${name}")
            file(READ "${base}/${name}" header)
            if(header MATCHES "npcache::cached")
              set(marks TRUE)
            endif()
            break()
          endif()
        endforeach()
      endforeach()
    endif()
    if(marks)
      set_source_files_properties("${path}" TARGET_DIRECTORY ${target}
                                  PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
    endif()
  endforeach()
endfunction()

# The libraries of this project that `target` links, directly or not, go through the
# launcher too: their objects are where a cached function's calls may lead.
function(_npcache_enable_libraries target config)
  _npcache_keep_out_of_unity(${target})
  set(pending ${target})
  set(seen "")
  while(pending)
    list(POP_FRONT pending current)
    foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(libraries ${current} ${property})
      if(NOT libraries)
        continue()
      endif()
      foreach(library IN LISTS libraries)
        if(library MATCHES "^\\$<LINK_ONLY:([^>]+)>$")
          set(library "${CMAKE_MATCH_1}")
        endif()
        if(NOT TARGET "${library}")
          continue()
        endif()
        get_target_property(aliased ${library} ALIASED_TARGET)
        if(aliased)
          set(library "${aliased}")
        endif()
        if(library IN_LIST seen)
          continue()
        endif()
        list(APPEND seen "${library}")
        get_target_property(imported ${library} IMPORTED)
        get_target_property(own ${library} NPCACHE_RUNTIME)
        get_target_property(type ${library} TYPE)
        if(imported OR own)
          continue()
        endif()
        list(APPEND pending "${library}")
        _npcache_keep_out_of_unity(${library})
        if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "OBJECT_LIBRARY")
          _npcache_launch(${library} "${config}" FALSE)
        elseif(type STREQUAL "SHARED_LIBRARY" OR type STREQUAL "MODULE_LIBRARY")
          _npcache_launch(${library} "${config}" TRUE)
        endif()
      endforeach()
    endforeach()
  endwhile()
endfunction()
