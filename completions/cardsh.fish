function __cardsh_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cardsh_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __cardsh_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cardsh_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __cardsh_parse_tokens -S
    set -l unparsed_tokens (__cardsh_tokens -pc)
    switch $unparsed_tokens[1]
    case 'cardsh'
        __cardsh_parse_subcommand 1 'sim' 'reader=' 'json' 'keep-going' 'record=' 'config=' 'c=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __cardsh_parse_subcommand -r 1 
        end
    end
end

function __cardsh_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __cardsh_parse_subcommand -S -a positional_count
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

function __cardsh_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __cardsh_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__cardsh_tokens -p)
    if test -z "$(__cardsh_tokens -t)"
        set -l index (count (__cardsh_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'cardsh' -f
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" sim' -l 'sim' -d 'Start connected to the built-in virtual card.'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" reader' -l 'reader' -d 'Connect to this PC/SC reader: exact name, unique case-insensitive part, or index.' -rfka '(__cardsh_custom_completion ---completion -- --reader (count (__cardsh_tokens -pc)) (__cardsh_tokens -tC))'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" json' -l 'json' -d 'Print one JSON object per command (see README, "JSON output").'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" keep-going' -l 'keep-going' -d 'In scripts, go on after a failing command (the exit status still reports it).'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" record' -l 'record' -d 'Write a transcript of the session to this file.' -rF
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" config' -l 'config' -d 'Read this config file instead of $CARDSH_CONFIG or $XDG_CONFIG_HOME/cardsh/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" c' -s 'c' -d 'Run this line, then exit.' -rfka ''
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" version' -l 'version' -d 'Print the version and exit.'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_positional "cardsh" -eq 1' -F
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_flags_or_options "cardsh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cardsh' -n '__cardsh_should_offer_completions_for_positional "cardsh" -eq 2' -fa 'help' -d 'Show subcommand help information.'
