# install.cmake - where "cmake --install" (and so the Debian packages,
# debian/) puts Antre: Debian's layout.
#	programs	/usr/bin (the hall's), /usr/sbin (the administrator's)
#	configuration	/etc/antre (and mosquitto's /etc/mosquitto/conf.d)
#	data		/usr/share/antre (voice clips, broker ACL templates)
#	units		the systemd unit directory
#	state		/var/lib/antre, made by the units (StateDirectory=)
include(GNUInstallDirs)

install(TARGETS antre-desk antre-kiosk antre-display antre-report antre-web
	RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# antre-web's drawing module, loaded when a chart or a PDF is first asked
# for (display/web/web-draw.h); the program looks for it here.
install(TARGETS antre-web-draw
	LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/antre)
install(PROGRAMS broker-config/antre-credential
	DESTINATION ${CMAKE_INSTALL_SBINDIR})
if(EXISTS ${PROJECT_SOURCE_DIR}/broker-config/antre-provision)
	install(PROGRAMS broker-config/antre-provision
		DESTINATION ${CMAKE_INSTALL_SBINDIR})
endif()

# The configuration samples, installed as the boxes' configuration.
install(FILES firmware/antre-desk.conf firmware/kiosk/antre-kiosk.conf
	display/antre-display.conf display/web/antre-web.conf
	DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/antre)

# The broker: the ACL templates antre-credential fills in, and the hall's
# settings as a drop-in for the mosquitto package's own main file, which
# already sets what only a main file may set once (pid_file, persistence
# and its location). Those lines are left out of the drop-in.
install(FILES broker-config/acl.in broker-config/acl-desk.in
	broker-config/acl-kiosk.in broker-config/acl-screen.in
	DESTINATION ${CMAKE_INSTALL_DATADIR}/antre/broker-config)
set(dropin ${CMAKE_BINARY_DIR}/mosquitto-antre.conf)
file(STRINGS broker-config/mosquitto.conf conf_lines)
file(WRITE ${dropin} "# Antre's hall broker, a drop-in for mosquitto's main file (made from\n"
	"# broker-config/mosquitto.conf without pid_file, persistence and\n"
	"# persistence_location, which /etc/mosquitto/mosquitto.conf sets).\n")
foreach(line IN LISTS conf_lines)
	if(NOT line MATCHES "^(pid_file|persistence|persistence_location)[ \t]")
		file(APPEND ${dropin} "${line}\n")
	endif()
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
	broker-config/mosquitto.conf)
install(FILES ${dropin} RENAME antre.conf
	DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/mosquitto/conf.d)

# systemd units: the directory systemd's pkg-config file names for this
# release (/lib/systemd/system on Debian 12, /usr/lib/systemd/system on
# 13), unless given.
if(NOT ANTRE_SYSTEMD_UNITDIR)
	pkg_get_variable(ANTRE_SYSTEMD_UNITDIR systemd systemdsystemunitdir)
	if(NOT ANTRE_SYSTEMD_UNITDIR)
		set(ANTRE_SYSTEMD_UNITDIR /lib/systemd/system)
	endif()
endif()
install(FILES hardware/systemd/antre-desk.service
	hardware/systemd/antre-kiosk.service
	hardware/systemd/antre-display.service
	hardware/systemd/antre-web.service
	DESTINATION ${ANTRE_SYSTEMD_UNITDIR})

# The default voice, when this build made it (not in an arm64 package
# build: the clips are the same for every architecture).
if(TARGET voice)
	install(DIRECTORY ${ANTRE_VOICE_DIR}/
		DESTINATION ${CMAKE_INSTALL_DATADIR}/antre/voice/id
		PATTERN ".*" EXCLUDE)
endif()

install(FILES docs/man/antre-report.1
	DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
file(GLOB man8 ${PROJECT_SOURCE_DIR}/docs/man/*.8)
install(FILES ${man8} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
