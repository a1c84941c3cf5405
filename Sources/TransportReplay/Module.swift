// TransportReplay: module under construction.
