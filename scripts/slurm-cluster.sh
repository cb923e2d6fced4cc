#!/usr/bin/env bash
# slurm-cluster.sh - a single-node SLURM cluster on localhost for Sweep's SLURM tests.
#
# Usage (as root, no systemd needed; Debian 12, slurm-wlm 22.05):
#   scripts/slurm-cluster.sh start    install slurm-wlm + munge if missing, write /etc/slurm/slurm.conf,
#                                     start munged, slurmctld, slurmd; wait until the node is idle.
#                                     Does nothing (exit 0) when the cluster is already up and healthy.
#   scripts/slurm-cluster.sh stop     cancel all jobs, stop the daemons this script started
#   scripts/slurm-cluster.sh status   print the state; exit 1 when the cluster is not usable
#
# The node advertises 8 CPUs whatever the machine has (config_overrides), so throttled arrays
# really run tasks side by side. PIDs of the daemons started here are kept in /run/sweep-slurm/
# (slurm deletes its own pid files before it exits, so they cannot be trusted for stopping).
set -euo pipefail

NODE="$(hostname -s)"        # NodeName and SlurmctldHost must equal `hostname -s`
CONF=/etc/slurm/slurm.conf
LOGS=/var/log/slurm
REC=/run/sweep-slurm
READY_TIMEOUT=60
MARKER="# written by sweep scripts/slurm-cluster.sh"

log() { echo "slurm-cluster: $*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes
# alive PID NAME: PID is a live (not zombie) process called NAME
alive() {
  local stat
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == "$1 ($2) "* && "${stat#*) }" != Z* ]]
}
read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }
# own_pidfile NAME: where the daemon writes its own pid
own_pidfile() {
  case "$1" in munged) echo /run/munge/munged.pid ;; *) echo "/run/$1.pid" ;; esac
}
# pid_of NAME: pid of the running daemon (our record first, then its own pid file)
pid_of() {
  local p
  for p in "$(read_pid "$REC/$1.pid")" "$(read_pid "$(own_pidfile "$1")")"; do
    if alive "$p" "$1"; then echo "$p"; return 0; fi
  done
  return 1
}
# launch NAME CMD...: start a daemon that forks, record the pid it writes in its pid file
launch() {
  local name="$1" pf i p; shift
  pf="$(own_pidfile "$name")"
  rm -f "$pf"
  "$@" || die "$name failed to start (see $LOGS/$name.log)"
  for ((i = 0; i < 150; i++)); do
    p="$(read_pid "$pf")"
    if alive "$p" "$name"; then echo "$p" >"$REC/$name.pid"; log "$name started (pid $p)"; return 0; fi
    sleep 0.1
  done
  die "$name did not start (see $LOGS/$name.log)"
}
# halt NAME: TERM the daemon we recorded, KILL it after 20 s
halt() {
  local p i
  p="$(read_pid "$REC/$1.pid")"
  rm -f "$REC/$1.pid"
  alive "$p" "$1" || return 0
  kill -TERM "$p" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do alive "$p" "$1" || { log "$1 stopped (pid $p)"; return 0; }; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
  log "$1 killed (pid $p)"
}

# ---------------------------------------------------------------- health
munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
ctld_ok() { scontrol ping 2>/dev/null | grep -q 'is UP'; }
# node_state: idle, mixed, allocated, completing, planned (set aside for a pending job), down, drained ... ("-" = planned by backfill, dropped)
node_state() { sinfo -h -n "$NODE" -o %T 2>/dev/null | head -1 | sed 's/-$//'; }
healthy() {
  pid_of munged >/dev/null && pid_of slurmctld >/dev/null && pid_of slurmd >/dev/null &&
    munge_ok && ctld_ok && [[ "$(node_state)" =~ ^(idle|mixed|allocated|completing|planned)$ ]]
}

# ---------------------------------------------------------------- start
install_packages() {
  local p missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends slurm-wlm munge
}

write_conf() {
  local mem
  mem="$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)"
  [[ "$mem" =~ ^[0-9]+$ ]] || mem=1000
  mkdir -p "$(dirname "$CONF")"
  # batch_sched_delay=0,sched_min_interval=0: arrays get scheduled every tick, not in bursts.
  # MinJobAge=300: finished jobs stay visible to squeue/scontrol for 5 minutes.
  # KillWait=5: cancelled, requeued or timed-out jobs get SIGKILL 5 s after SIGTERM (default 30).
  cat >"$CONF" <<EOF
$MARKER
ClusterName=sweepci
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGS/jobcomp.log
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
MaxArraySize=1001
KillWait=5
MailProg=/bin/true
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=8 RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  log "wrote $CONF"
}

start_munge() {
  local i
  if ! pid_of munged >/dev/null; then
    getent passwd munge >/dev/null || die "user munge missing"
    install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
    install -d -o munge -g munge -m 0755 /run/munge
    if [[ ! -s /etc/munge/munge.key ]]; then
      mungekey --create --keyfile=/etc/munge/munge.key
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 0600 /etc/munge/munge.key
    rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock   # stale ones stop munged
    launch munged runuser -u munge -- /usr/sbin/munged
  fi
  # without a working munge every slurm command fails with "Protocol authentication error"
  for ((i = 0; i < 50; i++)); do munge_ok && return 0; sleep 0.1; done
  die "munge -n | unmunge fails"
}

show_logs() {
  log "node state: '$(node_state)'"
  tail -n 15 "$LOGS/slurmctld.log" "$LOGS/slurmd.log" /var/log/munge/munged.log >&2 2>/dev/null || true
}

cmd_start() {
  local i st resumed=0 end
  [[ $EUID -eq 0 ]] || die "run as root"
  install_packages
  if healthy; then log "already up, node $NODE $(node_state)"; return 0; fi
  mkdir -p "$REC"
  install -d -m 0755 /var/spool/slurmctld /var/spool/slurmd "$LOGS"
  start_munge
  # the config is only rewritten while no slurm daemon runs on the old one
  if ! pid_of slurmctld >/dev/null && ! pid_of slurmd >/dev/null; then write_conf; fi

  if ! pid_of slurmctld >/dev/null; then
    launch slurmctld slurmctld -i   # -i: ignore unreadable saved state instead of refusing to start
  fi
  for ((i = 0; i < 150; i++)); do ctld_ok && break; sleep 0.1; done
  pid_of slurmd >/dev/null || launch slurmd slurmd

  end=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < end)); do
    st="$(node_state)"
    case "$st" in
      idle | mixed | allocated | completing) log "up, node $NODE $st"; return 0 ;;
      down* | drain*)   # e.g. left down by an earlier unclean stop
        if ((!resumed)) && ctld_ok; then
          scontrol update NodeName="$NODE" State=RESUME 2>/dev/null || true
          resumed=1
        fi ;;
    esac
    sleep 0.2
  done
  show_logs
  die "node $NODE not idle after ${READY_TIMEOUT}s"
}

# ---------------------------------------------------------------- stop / status
cmd_stop() {
  local i p
  if pid_of slurmctld >/dev/null && ctld_ok && [[ -n "$(squeue -h -o %A 2>/dev/null)" ]]; then
    log "cancelling all jobs"
    squeue -h -o %A 2>/dev/null | sort -u | xargs -r scancel 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do   # KillWait=5 plus margin
      [[ -z "$(squeue -h -t PD,R,CG,S,CF,RQ -o %A 2>/dev/null)" ]] && break
      sleep 0.1
    done
  fi
  halt slurmd
  halt slurmctld
  halt munged
  for i in munged slurmctld slurmd; do
    if p="$(pid_of "$i")"; then log "$i (pid $p) was not started by this script; left running"; fi
  done
  log "stopped"
}

cmd_status() {
  local n p rc=0
  for n in munged slurmctld slurmd; do
    if p="$(pid_of "$n")"; then log "$n running (pid $p)"; else log "$n not running"; rc=1; fi
  done
  if healthy; then log "up, node $NODE $(node_state)"; else log "down"; rc=1; fi
  return $rc
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
