function __cardsh-sim_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cardsh-sim_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __cardsh-sim_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cardsh-sim_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __cardsh-sim_parse_tokens -S
    set -l unparsed_tokens (__cardsh-sim_tokens -pc)
    switch $unparsed_tokens[1]
    case 'cardsh-sim'
        __cardsh-sim_parse_subcommand 0 'host=' 'port=' 'atr=' 'compact-atr' 'log' 'once' 'curve=' 'scp11-s16' 'get-data-omits-template' 'no-scp11' 'fault=+' 'fault-control=' 'export-pki=' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __cardsh-sim_parse_subcommand -r 1 
        end
    end
end

function __cardsh-sim_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __cardsh-sim_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __cardsh-sim_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __cardsh-sim_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__cardsh-sim_tokens -p)
    if test -z "$(__cardsh-sim_tokens -t)"
        set -l index (count (__cardsh-sim_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'cardsh-sim' -f
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" host' -l 'host' -d 'Host where pcscd\'s vpcd listens.' -rfka ''
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" port' -l 'port' -d 'vpcd port: 35963 is "Virtual PCD 00 00", 35964 is "Virtual PCD 00 01".' -rfka ''
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" atr' -l 'atr' -d 'Present this ATR instead of the card\'s own.' -rfka ''
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" compact-atr' -l 'compact-atr' -d 'Present the compact ATR (TD1 80, TD2 01; T0 high nibble 8): yubikit then sends short APDUs with command chaining instead of extended ones.'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" log' -l 'log' -d 'Print every APDU to standard error (=> command, <= response).'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" once' -l 'once' -d 'Serve one connection, then exit (do not reconnect after pcscd goes away).'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" curve' -l 'curve' -d 'Curve of the SCP11 test PKI: P-256 (default), P-384, P-521, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1.' -rfka ''
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" scp11-s16' -l 'scp11-s16' -d 'SCP11 sessions use 16-byte MACs (S16) instead of 8-byte ones.'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" get-data-omits-template' -l 'get-data-omits-template' -d 'Quirk: GET DATA answers constructed objects (66, 67, E0, FF21, BF21) without their outer tag and length, as a YubiKey does; yubikit\'s SecurityDomainSession reads only this form.'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" no-scp11' -l 'no-scp11' -d 'No SCP11 keys: the ISD runs SCP03 only.'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim"' -l 'fault' -d 'Arm a fault on the Nth command APDU from start (default 1); repeatable. Kinds are listed above.' -rfka 'drop short truncate overlong bad-tlv bad-rmac loop-61 loop-6c getresponse-6d00'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" fault-control' -l 'fault-control' -d 'Listen on this Unix socket for fault requests: a line `KIND[@N] ...` or `clear`, answered `ok: ...` or `error: ...`; N counts from the next command APDU.' -rF
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" export-pki' -l 'export-pki' -d 'Write the card\'s public SCP11 test PKI to this directory (ca.pem, oce.pem, oce.key, sd-chain.pem) and exit.' -rfka ''
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_flags_or_options "cardsh-sim" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cardsh-sim' -n '__cardsh-sim_should_offer_completions_for_positional "cardsh-sim" -eq 1' -fa 'help' -d 'Show subcommand help information.'
