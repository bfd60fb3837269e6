# How libgit2, yaml-cpp and Lua are linked: every target of the project uses these three targets,
# never the packages' own, so one process never holds two copies of a library.
#
#   wavesmith_git2   libgit2
#   wavesmith_yaml   yaml-cpp
#   wavesmith_lua    Lua 5.1
#
# By default they link the static archives that Debian's -dev packages install next to the shared
# libraries (libgit2-dev pulls in those of its own dependencies: mbedTLS, libssh2, OpenSSL's
# libcrypto, http-parser). The window needs none of them for its first frame, yet loading them as
# shared libraries (nine files, their relocations and symbol lookups) took about 2.5 ms of a 63 ms
# start-up: see the README's performance section. The cost is that a security update of one of
# them reaches Wavesmith only when it is rebuilt.
# -DWAVESMITH_STATIC_DEPENDENCIES=OFF links the shared libraries instead.
option(WAVESMITH_STATIC_DEPENDENCIES
       "Link libgit2 (with its dependencies), yaml-cpp and Lua from their static archives" ON)

add_library(wavesmith_git2 INTERFACE)
add_library(wavesmith_yaml INTERFACE)
add_library(wavesmith_lua INTERFACE)

if(NOT WAVESMITH_STATIC_DEPENDENCIES)
    target_link_libraries(wavesmith_git2 INTERFACE PkgConfig::LIBGIT2)
    target_link_libraries(wavesmith_yaml INTERFACE yaml-cpp)
    target_link_libraries(wavesmith_lua INTERFACE PkgConfig::LUA)
    return()
endif()

# What the archives define stays inside the program that links them: it is not exported, so no
# shared library Qt loads (libpng calling zlib, say) is bound to these copies instead of its own.
foreach(target wavesmith_git2 wavesmith_yaml wavesmith_lua)
    target_link_options(${target} INTERFACE LINKER:--exclude-libs,ALL)
endforeach()

# lib<name>.a for each name, in order; fails the configuration if one is missing.
function(wavesmith_static_archives out)
    set(archives)
    foreach(name IN LISTS ARGN)
        find_library(WAVESMITH_STATIC_${name} NAMES lib${name}.a)
        if(NOT WAVESMITH_STATIC_${name})
            message(FATAL_ERROR "lib${name}.a not found: install its -dev package, or configure "
                                "with -DWAVESMITH_STATIC_DEPENDENCIES=OFF")
        endif()
        list(APPEND archives ${WAVESMITH_STATIC_${name}})
    endforeach()
    set(${out} ${archives} PARENT_SCOPE)
endfunction()

find_package(Threads REQUIRED)

# libgit2 as pkg-config lists it for static linking, then what libssh2 needs in turn (OpenSSL's
# libcrypto). zlib and PCRE2 stay shared: Qt and GLib load them anyway. So does GSSAPI (Kerberos):
# Debian ships no archive of it, and Qt Network needs it too.
set(git2_shared_names rt z pcre2-8)
set(git2_static_names ${LIBGIT2_STATIC_LIBRARIES})
list(REMOVE_ITEM git2_static_names ${git2_shared_names})
list(APPEND git2_static_names crypto)
list(REMOVE_DUPLICATES git2_static_names)
wavesmith_static_archives(git2_archives ${git2_static_names})
find_library(WAVESMITH_GSSAPI_LIBRARY NAMES gssapi_krb5 libgssapi_krb5.so.2 REQUIRED)
target_include_directories(wavesmith_git2 INTERFACE ${LIBGIT2_INCLUDE_DIRS})
target_link_libraries(wavesmith_git2 INTERFACE
    ${git2_archives} ${WAVESMITH_GSSAPI_LIBRARY} ${git2_shared_names} Threads::Threads
    ${CMAKE_DL_LIBS})

wavesmith_static_archives(yaml_archives yaml-cpp)
target_include_directories(wavesmith_yaml INTERFACE
    $<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>)
target_link_libraries(wavesmith_yaml INTERFACE ${yaml_archives})

wavesmith_static_archives(lua_archives lua5.1)
target_include_directories(wavesmith_lua INTERFACE ${LUA_INCLUDE_DIRS})
target_link_libraries(wavesmith_lua INTERFACE ${lua_archives} m ${CMAKE_DL_LIBS})
