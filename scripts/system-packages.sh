# Debian packages Weft's commands and tests use, installed with apt-get when missing.
# Sourced by ./weft (what running needs) and ./run-tests (what testing needs).

# "command package" pairs: a package is installed when its command is not on the PATH.
WEFT_RUN_PACKAGES=(
  "java openjdk-17-jdk-headless"
  "mvn maven"
)
WEFT_TEST_PACKAGES=(
  "chromium chromium"
  "verilator verilator"
  "g++ g++"
  "make make"
  "yosys yosys"
  "nextpnr-ice40 nextpnr-ice40"
  "icepack fpga-icestorm"
)

ensure_packages() {
  local scope="$1" missing=() pair
  local -a wanted=("${WEFT_RUN_PACKAGES[@]}")
  if [ "$scope" = test ]; then
    wanted+=("${WEFT_TEST_PACKAGES[@]}")
  fi
  for pair in "${wanted[@]}"; do
    set -- $pair
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
  done
  # the OpenCL kernels' tests run on PoCL (OpenCL on the CPU) unless some OpenCL driver is installed
  if [ "$scope" = test ] && ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
    missing+=(pocl-opencl-icd ocl-icd-libopencl1 clinfo)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "weft: missing ${missing[*]} and no apt-get to install them; install them by hand" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "weft: installing ${missing[*]} with apt-get (once)..." >&2
  $sudo apt-get update -q >&2
  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
}
