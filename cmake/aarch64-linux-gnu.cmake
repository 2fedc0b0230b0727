# Cross build for 64-bit Raspberry Pi OS (arm64) with Debian multiarch:
# gcc-aarch64-linux-gnu and the arm64 -dev packages (scripts/setup).
#	cmake -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake ...
# The unit tests (ctest -L unit) run under qemu-aarch64-static, called
# directly: no binfmt registration is needed.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config)
find_program(ANTRE_QEMU_AARCH64 qemu-aarch64-static)
if(ANTRE_QEMU_AARCH64)
	# -L /: the arm64 loader and libraries are the multiarch ones.
	set(CMAKE_CROSSCOMPILING_EMULATOR ${ANTRE_QEMU_AARCH64} -L /)
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
